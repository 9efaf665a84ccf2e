/**
 * A small XML reader for WS-Man responses: elements, attributes, text, CDATA and the predefined
 * and numeric entities. Namespace prefixes are kept in `name`; lookups use the local name.
 */

/** One element. */
export interface XmlElement {
    /** Qualified name as written (`s:Envelope`). */
    name: string;
    /** Name without prefix (`Envelope`). */
    local: string;
    attributes: Record<string, string>;
    children: XmlElement[];
    /** Concatenated character data directly inside this element. */
    text: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Replaces entity references in `text`. */
export function decodeXmlEntities(text: string): string {
    return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
        if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16));
        if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
        return ENTITIES[name] ?? whole;
    });
}

/** Escapes text for an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
    return text
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;");
}

function localName(name: string): string {
    const colon = name.indexOf(":");
    return colon < 0 ? name : name.slice(colon + 1);
}

const ATTRIBUTE = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** Parses `source` and returns its root element; throws on malformed input. */
export function parseXml(source: string): XmlElement {
    const stack: XmlElement[] = [];
    let root: XmlElement | undefined;
    let position = 0;
    const appendText = (text: string): void => {
        if (stack.length > 0) stack[stack.length - 1].text += text;
    };
    while (position < source.length) {
        const open = source.indexOf("<", position);
        if (open < 0) {
            appendText(decodeXmlEntities(source.slice(position)));
            break;
        }
        appendText(decodeXmlEntities(source.slice(position, open)));
        if (source.startsWith("<![CDATA[", open)) {
            const end = source.indexOf("]]>", open);
            if (end < 0) throw new Error("XML is malformed: unterminated CDATA section");
            appendText(source.slice(open + 9, end));
            position = end + 3;
            continue;
        }
        if (source.startsWith("<!--", open) || source.startsWith("<?", open)) {
            const terminator = source.startsWith("<!--", open) ? "-->" : "?>";
            const end = source.indexOf(terminator, open);
            if (end < 0) throw new Error("XML is malformed: unterminated comment or declaration");
            position = end + terminator.length;
            continue;
        }
        const close = source.indexOf(">", open);
        if (close < 0) throw new Error("XML is malformed: unterminated tag");
        const tag = source.slice(open + 1, close);
        position = close + 1;
        if (tag.startsWith("/")) {
            const name = tag.slice(1).trim();
            const element = stack.pop();
            if (!element || element.name !== name) {
                throw new Error(`XML is malformed: </${name}> closes <${element?.name ?? ""}>`);
            }
            continue;
        }
        const selfClosing = tag.endsWith("/");
        const body = selfClosing ? tag.slice(0, -1) : tag;
        const nameEnd = body.search(/\s|$/);
        const name = body.slice(0, nameEnd);
        const attributes: Record<string, string> = {};
        for (const match of body.slice(nameEnd).matchAll(ATTRIBUTE)) {
            attributes[match[1]] = decodeXmlEntities(match[3] ?? match[4] ?? "");
        }
        const element: XmlElement = {
            name,
            local: localName(name),
            attributes,
            children: [],
            text: "",
        };
        if (stack.length > 0) stack[stack.length - 1].children.push(element);
        else if (!root) root = element;
        if (!selfClosing) stack.push(element);
    }
    if (!root || stack.length > 0) throw new Error("XML is malformed: missing or unclosed root");
    return root;
}

/** Every descendant of `element` (depth first) with local name `local`. */
export function findAll(element: XmlElement, local: string): XmlElement[] {
    const found: XmlElement[] = [];
    const visit = (node: XmlElement): void => {
        for (const child of node.children) {
            if (child.local === local) found.push(child);
            visit(child);
        }
    };
    visit(element);
    return found;
}

/** The first descendant with local name `local`. */
export function findFirst(element: XmlElement, local: string): XmlElement | undefined {
    return findAll(element, local)[0];
}

/** All character data of `element` and its descendants. */
export function deepText(element: XmlElement): string {
    return element.text + element.children.map(deepText).join("");
}

/** The value of attribute `local` (any prefix) of `element`. */
export function attribute(element: XmlElement, local: string): string | undefined {
    for (const [name, value] of Object.entries(element.attributes)) {
        if (localName(name) === local) return value;
    }
    return undefined;
}
