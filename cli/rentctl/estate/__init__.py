"""A realistic synthetic landlord, deterministic by seed (generate.py), and its loading
into a running stack through the gateway and the upstream payment contract (load.py)."""

from rentctl.estate.generate import Estate, generate_estate
from rentctl.estate.model import Payment, Property, Tenancy, Tenant

__all__ = ["Estate", "Payment", "Property", "Tenancy", "Tenant", "generate_estate"]
