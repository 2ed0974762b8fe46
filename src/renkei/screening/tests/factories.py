"""Records' names as the registers hand them to screening (``NameInput``), for the tests."""

from renkei.screening.services import NameInput


def support_organisation(
    number: int, names: list[str], people: list[str] = (), label: str = "", flagged: bool = False
) -> NameInput:
    """A registered support organisation and its people (each person record numbered
    ``number * 100 + i``), labelled with its registration number unless ``label`` is given."""
    label = label or f"19登-{number:06d}"
    return NameInput(
        names=names,
        kind="organisation",
        source_type="support_organisation",
        source_id=number,
        label=label,
        flagged=flagged,
        people=[support_person(number * 100 + i, [p], label) for i, p in enumerate(people)],
    )


def support_person(number: int, names: list[str], label: str = "") -> NameInput:
    return NameInput(
        names=names,
        kind="person",
        source_type="support_organisation_person",
        source_id=number,
        label=label or f"person {number}",
    )
