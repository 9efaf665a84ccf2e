import { installMocks, childrenOf, compareChildren, effectsText } from "./componentChanges";
import { componentSamples } from "./componentSamples";
import { kindConfigs } from "./kindConfigs";
(async () => {
    const mocks = await installMocks();
    const components = require("../../../components") as Record<
        string,
        new (n: string, a: unknown) => unknown
    >;
    const configs = kindConfigs();
    for (const [cls, sample] of Object.entries(componentSamples)) {
        const base = await childrenOf(mocks, () => new components[cls]("c", sample.base()));
        console.log(cls, base.map((r) => r.name).join(" "));
        for (const [opt, change] of Object.entries(sample.changes)) {
            const args = sample.base();
            change(args);
            const after = await childrenOf(mocks, () => new components[cls]("c", args));
            console.log(
                `  ${opt}: ${effectsText(compareChildren(base, after, "c", sample.hostNames, configs))}`,
            );
        }
    }
})().catch((e) => {
    console.error(e);
    process.exit(1);
});
