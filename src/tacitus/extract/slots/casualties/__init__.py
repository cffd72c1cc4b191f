"""The casualty slot: toll statements read from parsed sentences, combined into one event's
killed and injured figures the way GTD and ACLED coders do.

``tolls_in(sentence)`` reads every toll statement of one sentence; ``combine(tolls)`` turns
the statements of all the sentences of one event into its figures. The words live in the
language pack (``lang/en/casualties.yaml``, ``lang/en/numbers.yaml``, ``lang/en/actors.yaml``);
number phrases are read by ``tacitus.extract.numbers.parse_count``.

Reading a sentence (``read.tolls_in``) takes eight rules, each told beside its code:

R1. coded figures ("Fatalities coded as 110"): ``read``;
R2. predicates of death and injury, R3. their victims from the parse: ``predicates``;
R4. counting a victims phrase: ``phrases``;
R5. flags (update, superseded, elsewhere, subset, claimed, additive), R6. additions ("in
    addition to the bomber"), R7. zeros the parse misses: ``read``;
R8. the surface fallback, a victims phrase read from the words beside a predicate: ``phrases``.

Combining one event's statements takes the codebook rules C1-C8: ``combine``. ``model`` holds
the records (``Toll``, ``Casualties``), ``words`` the vocabulary read from the pack. The modules'
underscored names are the package's own: only the names below are for other stages.
"""

from .combine import combine
from .model import Casualties, Toll
from .read import tolls_in

__all__ = ["Toll", "Casualties", "tolls_in", "combine"]
