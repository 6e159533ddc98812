"""Sample answers for any form: the one generator behind the demo, benchmarks and tests.

Pure Python on top of the definition language (no database, no Flask), so tests and
benchmarks use it without a service:

    family = make_family(seed=3)
    answers = Sampler(family, today=date.today(), people=triples).answers(form)

The same seed gives the same family and the same answers.
"""

from renderer.samples.answers import Sampler, answerable
from renderer.samples.choices import transition_choices
from renderer.samples.families import Family, Member, make_family

__all__ = ["Family", "Member", "Sampler", "answerable", "make_family", "transition_choices"]
