/**
 * A small dynamic provider whose "host" is a directory: each resource is one JSON file. It exists
 * to prove what the dynamic-provider host and the engine do with any provider (serialisation,
 * secret stripping, unknowns, stored `__provider` on a fresh process), independently of the
 * package's own providers, which are checked with the same harness in resourceKinds.test.ts.
 */
import type * as pulumi from "@pulumi/pulumi";

/** Inputs: the directory standing in for the host, the record name, a secret and a label. */
export interface FileRecordInputs {
    directory: string;
    name: string;
    password: string;
    label: string;
}

export const fileRecordProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds, news) {
        const failures: { property: string; reason: string }[] = [];
        if (typeof news.name !== "string" || !/^[a-z0-9-]+$/.test(news.name)) {
            failures.push({
                property: "name",
                reason: `name ${JSON.stringify(news.name)} must be lowercase letters, digits and dashes`,
            });
        }
        return { inputs: news, failures };
    },
    async diff(_id, olds, news) {
        const replaces = olds.name !== news.name ? ["name"] : [];
        const changes = replaces.length > 0 || olds.label !== news.label;
        return { changes, replaces };
    },
    async create(inputs) {
        const fs = require("fs");
        const file = `${inputs.directory}/${inputs.name}.json`;
        fs.writeFileSync(file, JSON.stringify({ label: inputs.label, password: inputs.password }));
        return { id: inputs.name, outs: { ...inputs, path: file } };
    },
    async read(id, props) {
        const fs = require("fs");
        const file = `${props?.directory}/${id}.json`;
        if (!fs.existsSync(file)) return { id: "", props: {} };
        const record = JSON.parse(fs.readFileSync(file, "utf8"));
        return { id, props: { ...props, label: record.label } };
    },
    async update(_id, _olds, news) {
        const fs = require("fs");
        const file = `${news.directory}/${news.name}.json`;
        fs.writeFileSync(file, JSON.stringify({ label: news.label, password: news.password }));
        return { outs: { ...news, path: file } };
    },
    async delete(id, props) {
        const fs = require("fs");
        fs.rmSync(`${props.directory}/${id}.json`, { force: true });
    },
};

/** A provider whose create always fails, to show how errors reach the engine. */
export const failingProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
        throw new Error(`cannot create ${inputs.name}: host refused`);
    },
};
