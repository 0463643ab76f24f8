"""The letter types, their template versions and the data each needs."""

from fastapi import APIRouter, Depends, Response

from notifications.adapters import repository as repo
from notifications.adapters.templates import version_to_use, versions
from notifications.domain.catalogue import LETTER_TYPES
from notifications.domain.configuration import TemplatePins
from notifications.entrypoints.schemas import LetterTypePublic, PreviewRequest
from notifications.service_layer.preview import preview
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.security import require_roles

router = APIRouter(tags=["templates"])


@router.get("/letter-types", response_model=list[LetterTypePublic])
async def letter_types(uow: UowDep, _: Principal = Depends(require_roles(*Role))) -> list[LetterTypePublic]:
    async with uow:
        pins = await repo.setting_or_default(uow.session, "template_pins", TemplatePins)
    return [
        LetterTypePublic(
            letter_type=lt.name, title=lt.title, event=lt.source.event_type, in_writing_only=lt.in_writing_only,
            versions=versions(lt.name), active_version=version_to_use(lt.name, pins.versions.get(lt.name)),
            data_schema=lt.data_model.model_json_schema() if lt.data_model else None,
        )
        for lt in LETTER_TYPES.values()
    ]


@router.post("/letter-types/{letter_type}/preview", response_class=Response,
             responses={200: {"content": {"application/pdf": {}}}})
async def preview_letter(
    letter_type: str, body: PreviewRequest, uow: UowDep,
    _: Principal = Depends(require_roles(Role.SENIOR_OFFICER, Role.RENT_OFFICER, Role.INCOME_OFFICER,
                                         Role.LEASEHOLD_OFFICER)),
) -> Response:
    """Render a letter from an event payload to proof its wording; nothing is recorded or sent."""
    async with uow:
        rendered = await preview(letter_type, body.event, body.large_print, body.version, uow)
    return Response(rendered.pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{letter_type}-preview.pdf"'})
