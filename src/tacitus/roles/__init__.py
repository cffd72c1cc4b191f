"""The learned role extractor: who attacked (people, organisations), what was hit, who was
hurt, with what. A MiniLM encoder fine-tuned on MUC-4 tags role spans; mentions of one
referent are grouped and per-role thresholds keep the confident ones."""

from tacitus.roles.decode import RoleEntity
from tacitus.roles.tagger import RoleModelMissing, RoleTagger

__all__ = ["RoleEntity", "RoleModelMissing", "RoleTagger"]
