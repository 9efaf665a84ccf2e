/**
 * Which scripts of the Windows catalog really ran in PowerShell during this test process, so a test
 * can prove that every script was executed at least once (and fail when one is added unexecuted).
 */
import type { ScriptName } from "../../provider/drivers/windows/scriptCatalog";
import { scriptNames, scriptText } from "../../provider/drivers/windows/scriptCatalog";

const namesByText = new Map<string, ScriptName>(scriptNames.map((n) => [scriptText(n), n]));

/** Scripts sent to a real PowerShell so far. */
export const scriptsRun = new Set<ScriptName>();

/** The catalog name of `script`, undefined for a text outside the catalog. */
export function scriptNameOf(script: string): ScriptName | undefined {
    return namesByText.get(script);
}

/** Note that `script` was sent to a real PowerShell (texts outside the catalog are ignored). */
export function recordScriptRun(script: string): void {
    const name = namesByText.get(script);
    if (name) scriptsRun.add(name);
}
