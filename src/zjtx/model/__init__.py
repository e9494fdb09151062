"""The domain model: enterprises, tiers and recognitions, jurisdictions and targets."""

from zjtx.model.enterprise import AnnualFigures, Enterprise
from zjtx.model.jurisdiction import NATIONAL, Jurisdiction, Region, TargetPlan, TierTarget
from zjtx.model.tier import VALIDITY_YEARS, Recognition, Tier

__all__ = ["AnnualFigures", "Enterprise", "Jurisdiction", "NATIONAL", "Recognition", "Region", "TargetPlan",
           "Tier", "TierTarget", "VALIDITY_YEARS"]
