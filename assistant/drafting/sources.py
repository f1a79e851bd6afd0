"""The knowledge file of each of the method's seven steps (the drafts' 30/60/90 plan cites them)."""

STEP_DOCS = {
    1: "step-1-business-problem", 2: "step-2-customer-journey", 3: "step-3-strategy-positioning",
    4: "step-4-traffic-system", 5: "step-5-conversion-sales", 6: "step-6-crm-automation-ai",
    7: "step-7-measure-optimise",
}
