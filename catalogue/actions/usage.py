"""Whether other records use a qualification's units: such units are never removed."""

from django.db.models import ForeignObjectRel, ManyToManyRel, Model

from ..models import Unit


def units_in_use(units: list[Unit]) -> list[int]:
    """Units that any other record refers to (claims, results, named entries, …): removing them
    would lose history.

    Every relation pointing at Unit is asked, found through Django's model metadata, so the
    catalogue needs no knowledge of the apps that use its units.
    """
    if not units:
        return []
    ids = [u.pk for u in units]
    used: set[int] = set()
    for relation in Unit._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel):
            continue
        if isinstance(relation, ManyToManyRel):
            # Ask the join table (named entries' units), through its key to the unit.
            through = relation.through
            assert through is not None
            model: type[Model] = through
            name = relation.field.m2m_reverse_field_name()
        else:
            model, name = relation.related_model, relation.field.name
        used |= set(
            model._default_manager.filter(**{f"{name}__in": ids}).values_list(name, flat=True)
        )
    return sorted(u.number for u in units if u.pk in used)
