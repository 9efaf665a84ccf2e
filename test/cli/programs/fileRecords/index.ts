/**
 * A program for the CLI suite: one dynamic resource per configured record, each a JSON file in
 * `fileRecords:directory` (named `file`, default the resource name), with the stack secret `fileRecords:password` as an input.
 */
import * as pulumi from "@pulumi/pulumi";
import { fileRecordProvider } from "../../../engine/support/fileRecordProvider";

class FileRecord extends pulumi.dynamic.Resource {
    declare readonly path: pulumi.Output<string>;

    constructor(name: string, props: Record<string, pulumi.Input<string>>) {
        super(
            fileRecordProvider,
            name,
            { ...props, path: undefined },
            {},
            "l2bridge",
            "FileRecord",
        );
    }
}

const config = new pulumi.Config();
const records = config.requireObject<{ name: string; label: string; file?: string }[]>("records");

export const paths = records.map(
    (record) =>
        new FileRecord(record.name, {
            directory: config.require("directory"),
            name: record.file ?? record.name,
            label: record.label,
            password: config.requireSecret("password"),
        }).path,
);
