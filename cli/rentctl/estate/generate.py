"""Generate a landlord's estate: properties in patches, tenancies with tenure types and
joint tenants, charge schedules, leaseholders, and a year (or `weeks`) of payments by
channel with realistic lateness, so that some accounts fall into arrears and some into
credit. Everything follows from the seed; each tenancy's payments from the seed and its
number alone, so a 250,000-account estate streams its payments without holding them."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from rentctl.estate.model import Estate, Payment, Property, Tenancy, Tenant

MIN_ACCOUNTS, MAX_ACCOUNTS = 100, 250_000
AREAS = ["Hackney", "Islington", "Camden", "Haringey", "Tower Hamlets", "Newham", "Lambeth", "Southwark"]
STREETS = ["Acacia Avenue", "Mill Lane", "Station Road", "Church Street", "Victoria Road", "Park View",
           "Queens Road", "Kingsland Road", "Albion Drive", "Mare Street", "Wilton Way", "Dalston Lane",
           "Navarino Road", "Graham Road", "Richmond Road", "Lansdowne Drive"]
ESTATES = ["Holly Street Estate", "Pembury Estate", "Nightingale Estate", "Kings Crescent Estate",
           "Woodberry Down", "Frampton Park", "Gascoyne Estate", "Trowbridge Estate"]
FIRST = ["Alex", "Sam", "Jordan", "Priya", "Tomasz", "Aisha", "Gareth", "Chloe", "Kwame", "Niamh", "Mehmet",
         "Fatima", "Olu", "Grace", "Daniel", "Zainab", "Marek", "Leah", "Ibrahim", "Sofia", "Connor", "Amina"]
LAST = ["Patel", "Jones", "Kowalski", "Okafor", "Evans", "Murphy", "Smith", "Ahmed", "Brown", "Nguyen", "Yilmaz",
        "Mensah", "Williams", "Hussain", "Clarke", "Novak", "Osei", "Begum", "Taylor", "O'Connor", "Ali", "Green"]
# (tenure, share): most homes are secure council tenancies; leaseholders are Right to Buy flats.
TENURES = [("secure", 0.66), ("introductory", 0.07), ("flexible", 0.05), ("temporary_accommodation", 0.08),
           ("licence", 0.02), ("leasehold", 0.12)]
# (payer, share) for tenants; leaseholders pay service charges by DD, standing order or card.
PAYERS = [("dd", 0.22), ("cash", 0.16), ("card", 0.08), ("standing_order", 0.06), ("hb_full", 0.16),
          ("hb_partial", 0.10), ("uc", 0.22)]
BEHAVIOURS = [("steady", 0.62), ("late", 0.16), ("short", 0.12), ("over", 0.06), ("chaotic", 0.04)]
RENT_BY_BEDROOMS = {0: 88, 1: 102, 2: 118, 3: 134, 4: 152, 5: 170}
PENNY = Decimal("0.01")


def generate_estate(accounts: int, seed: int = 2026, *, weeks: int = 52, year_start: date = date(2026, 4, 6),
                    prefix: str | None = None) -> Estate:
    """An estate of `accounts` tenancies (100 to 250,000) with `weeks` weeks of history from
    `year_start` (a Monday; the weeks may run on past the end of its rent year)."""
    if not MIN_ACCOUNTS <= accounts <= MAX_ACCOUNTS:
        raise ValueError(f"accounts must be between {MIN_ACCOUNTS} and {MAX_ACCOUNTS:,}, not {accounts:,}")
    if not 1 <= weeks <= 53:
        raise ValueError(f"weeks must be between 1 and 53, not {weeks}")
    if year_start.weekday() != 0:
        raise ValueError(f"rent weeks start on a Monday; {year_start} is not one")
    rng = random.Random(seed)
    estate = Estate(seed=seed, prefix=prefix or f"S{seed}", year_start=year_start, weeks=weeks)
    # About 600 homes per patch, patches grouped into areas.
    patch_count = max(3, accounts // 600)
    for n in range(patch_count):
        area = AREAS[n % len(AREAS)]
        estate.patches[f"{area[:2].upper()}{n // len(AREAS) + 1:02d}"] = area
    patches = list(estate.patches)
    for n in range(accounts):
        prop = _property(rng, estate, n, rng.choice(patches))
        estate.properties.append(prop)
        estate.tenancies.append(_tenancy(rng, estate, n, prop))
    return estate


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _property(rng: random.Random, estate: Estate, n: int, patch: str) -> Property:
    area = estate.patches[patch]
    kind = rng.choices(["flat", "house", "maisonette", "bungalow", "bedsit"], weights=[55, 25, 12, 5, 3])[0]
    bedrooms = 0 if kind == "bedsit" else rng.choices([1, 2, 3, 4, 5], weights=[30, 35, 25, 8, 2])[0]
    if kind in ("flat", "maisonette", "bedsit"):
        address = [f"Flat {rng.randint(1, 60)}", f"{rng.choice(['Aster', 'Birch', 'Cedar', 'Elm', 'Hazel'])} House",
                   rng.choice(ESTATES), area]
    else:
        address = [f"{rng.randint(1, 240)} {rng.choice(STREETS)}", area]
    postcode = f"{rng.choice(['E', 'N', 'NW', 'SE'])}{rng.randint(1, 20)} {rng.randint(1, 9)}{_letters(rng)}"
    return Property(property_ref=f"{estate.prefix}P{n:06d}", address=address, postcode=postcode, patch=patch,
                    area=area.replace(" ", "-"), property_type=kind, bedrooms=bedrooms)


def _letters(rng: random.Random) -> str:
    return "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))


def _tenancy(rng: random.Random, estate: Estate, n: int, prop: Property) -> Tenancy:
    tenure = _pick(rng, TENURES)
    if tenure == "leasehold" and prop.property_type not in ("flat", "maisonette"):
        tenure = "secure"  # leaseholders here own flats
    start = _start_date(rng, estate, tenure)
    tenants = [_tenant(rng, estate, n, 1, lead=True)]
    if tenure in ("secure", "flexible", "leasehold") and rng.random() < 0.25:
        tenants.append(_tenant(rng, estate, n, 2, lead=False))  # joint tenants
    charges = _charges(rng, prop, tenure)
    if tenure == "leasehold":
        payer = rng.choices(["dd", "standing_order", "card"], weights=[60, 25, 15])[0]
    elif tenure == "temporary_accommodation":
        payer = rng.choices(["hb_full", "uc", "cash"], weights=[45, 40, 15])[0]
    else:
        payer = _pick(rng, PAYERS)
    return Tenancy(tenancy_ref=f"{estate.prefix}T{n:06d}", property_ref=prop.property_ref, tenure=tenure,
                   start_date=start, tenants=tenants, charges=charges, payer=payer,
                   behaviour=_pick(rng, BEHAVIOURS))


def _start_date(rng: random.Random, estate: Estate, tenure: str) -> date:
    # Most tenancies are older than the year; introductory and temporary ones are recent,
    # and some start during the year (billing pro-rates their first week).
    if tenure in ("introductory", "temporary_accommodation") or rng.random() < 0.08:
        offset = rng.randint(-300, estate.weeks * 7 - 7)
    else:
        offset = -rng.randint(365, 365 * 30)
    return estate.year_start + timedelta(days=offset)


def _tenant(rng: random.Random, estate: Estate, n: int, k: int, *, lead: bool) -> Tenant:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = f"{first}.{last}{n}@example.org".lower().replace("'", "") if rng.random() < 0.55 else None
    mobile = f"07{rng.randint(100, 999)} {rng.randint(100000, 999999)}" if rng.random() < 0.7 else None
    return Tenant(person_id=f"{estate.prefix}H{n:06d}{k}", name=f"{first} {last}", is_lead=lead, email=email,
                  mobile=mobile)


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(PENNY, rounding=ROUND_HALF_UP)


def _charges(rng: random.Random, prop: Property, tenure: str) -> dict[str, Decimal]:
    flat = prop.property_type in ("flat", "maisonette", "bedsit")
    if tenure == "leasehold":
        # Annual estimated service charge and ground rent, collected as weekly equivalents.
        charges = {"service_charge": _money(rng.uniform(1100, 2600) / 52)}
        if rng.random() < 0.6:
            charges["ground_rent"] = _money(rng.choice([10, 50, 100, 250]) / 52)
        return charges
    base = RENT_BY_BEDROOMS[prop.bedrooms] * rng.uniform(0.9, 1.12)
    if tenure == "temporary_accommodation":
        base *= 1.6
    charges = {"rent": _money(base)}
    if flat and rng.random() < 0.7:
        charges["service_charge"] = _money(rng.uniform(4, 22))
    if flat and rng.random() < 0.15:
        charges["heating"] = _money(rng.uniform(8, 16))
    if rng.random() < 0.3:
        charges["water"] = _money(rng.uniform(6, 12))
    if rng.random() < 0.08:
        charges["home_contents_insurance"] = _money(rng.uniform(1.2, 3.5))
    if tenure == "temporary_accommodation" or rng.random() < 0.03:
        charges["support"] = _money(rng.uniform(5, 25))
    return charges


# --- payments ------------------------------------------------------------------------
# Housing Benefit and the UC housing element cover rent and eligible service charges,
# not heating, water, insurance or support.
BENEFIT_ELIGIBLE = {"rent", "service_charge"}


def payments_for(estate: Estate, tenancy: Tenancy) -> Iterator[Payment]:
    """This tenancy's payments over the estate's weeks, by its payer and behaviour."""
    n = int(tenancy.tenancy_ref[-6:])
    rng = random.Random(f"{estate.seed}:{n}")
    first_day = max(tenancy.start_date, estate.year_start)
    end = estate.as_of
    weekly = tenancy.weekly_charge
    eligible = sum((v for k, v in tenancy.charges.items() if k in BENEFIT_ELIGIBLE), Decimal("0"))
    factor = {"steady": 1.0, "late": 1.0, "short": rng.uniform(0.55, 0.85), "over": rng.uniform(1.08, 1.3),
              "chaotic": rng.uniform(0.3, 0.9)}[tenancy.behaviour]
    seq = 0

    def pay(amount: Decimal, on: date, source: str, method: str, channel: str, lateness: int = 0) -> Payment | None:
        nonlocal seq
        on = on + timedelta(days=lateness)
        if on >= end or amount <= 0:
            return None
        seq += 1
        return Payment(tenancy.tenancy_ref, source, f"{estate.prefix}-{n:06d}-{seq:03d}", amount.quantize(PENNY),
                       on, method, channel, mistyped=source == "allpay" and rng.random() < 0.01)

    def lateness() -> int:
        if tenancy.behaviour == "late":
            return rng.choice([0, 2, 5, 9, 14])
        if tenancy.behaviour == "chaotic":
            return rng.choice([0, 3, 10, 21])
        return rng.choice([0, 0, 0, 1])

    def missed() -> bool:
        return rng.random() < {"chaotic": 0.35, "late": 0.08, "short": 0.05}.get(tenancy.behaviour, 0.01)

    day = first_day
    if tenancy.payer == "dd":
        # Monthly on a chosen day: weekly charge x 52 / 12.
        monthly = weekly * 52 / 12
        collection_day = rng.choice([1, 8, 15, 28])
        month = date(first_day.year, first_day.month, collection_day)
        while month < end:
            if month >= first_day and not (tenancy.behaviour == "chaotic" and missed()):
                found = pay(monthly, month, "bacs", "direct_debit", "bacs_dd")
                if found:
                    yield found
            month = date(month.year + month.month // 12, month.month % 12 + 1, collection_day)
        return
    if tenancy.payer in ("hb_full", "hb_partial", "uc"):
        yield from _benefit_payments(tenancy, estate, rng, pay, eligible, first_day, end)
        # The part benefits do not cover is the tenant's to pay, weekly in cash or by card.
        covered = eligible * (Decimal("0.7") if tenancy.payer == "hb_partial" else Decimal("1"))
        weekly = weekly - covered
    source, method, channel = {
        "cash": ("allpay", "cash", "paypoint"), "card": ("worldpay", "card", "website"),
        "standing_order": ("bank", "standing_order", "bank_statement"),
    }.get(tenancy.payer, ("allpay", "cash", rng.choice(["paypoint", "post_office"])))
    while day < end:
        if not missed():
            found = pay(weekly * Decimal(str(factor)), day, source, method, channel, lateness())
            if found:
                yield found
        day += timedelta(weeks=1)


def _benefit_payments(tenancy, estate, rng, pay, eligible, first_day, end):
    if tenancy.payer == "uc":
        # UC housing costs: monthly (weekly x 52 / 12), paid to the landlord about five weeks
        # after the assessment period starts, so UC tenants show timing arrears.
        monthly = eligible * 52 / 12
        day = first_day + timedelta(days=35)
        while day < end:
            found = pay(monthly, day, "dwp", "universal_credit", "apa_schedule")
            if found:
                yield found
            day += timedelta(days=rng.choice([30, 31]))
        return
    # Housing Benefit: four weeks at a time, in arrears, on the council's Monday schedule.
    share = Decimal("1") if tenancy.payer == "hb_full" else Decimal("0.7")
    day = first_day + timedelta(weeks=2)
    while day < end:
        found = pay(eligible * 4 * share, day, "benefits", "housing_benefit", "hb_schedule")
        if found:
            yield found
        day += timedelta(weeks=4)
