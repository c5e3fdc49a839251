/// Every resource Charter serves through the API contract, in one list: routes, validation and the OpenAPI
/// document all come from here.
public enum Catalog {
    public static let definitions: [ResourceDefinition] = [
        People.definition, Projects.definition, WorkPackages.definition, Dependencies.definition, Milestones.definition,
        Deliverables.definition, Calendars.definition, Careers.definition, CareerSynonyms.definition,
        Baselines.definition,
        BudgetCategories.definition, Budgets.definition, CostEntries.definition, BusinessCases.definition,
        CashFlows.definition,
        ProjectMembers.definition, ChangeRequests.definition, ChangeItems.definition,
        StatusThresholds.definition, StatusReports.definition,
        Webhooks.definition,
    ]
    static let registry = ResourceRegistry(definitions)
}
