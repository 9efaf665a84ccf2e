/** The error a component throws at construction (and so at preview) when its inputs are invalid. */
export class ComponentValidationError extends Error {
    /** Every problem found, one line each, naming the field, the value and the fix. */
    readonly problems: readonly string[];

    constructor(component: string, problems: readonly string[]) {
        const heading =
            problems.length === 1
                ? `${component} has 1 invalid input:`
                : `${component} has ${problems.length} invalid inputs:`;
        super([heading, ...problems.map((problem) => `  - ${problem}`)].join("\n"));
        this.name = "ComponentValidationError";
        this.problems = problems;
    }
}
