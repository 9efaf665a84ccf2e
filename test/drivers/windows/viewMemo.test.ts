/** The views an observe keeps for the apply that follows it: once, fresh, bounded, forgettable. */
import { expect } from "chai";
import { ViewMemo } from "../../../provider/drivers/windows/viewMemo";

/** A memo on a clock the rows move by hand (max age 100 ms, room for 2 views). */
function memo(): { views: ViewMemo; advance: (ms: number) => void } {
    let now = 1_000;
    return {
        views: new ViewMemo({ now: () => now }, 100, 2),
        advance: (ms) => (now += ms),
    };
}

const rows: {
    proves: string;
    steps: (m: ReturnType<typeof memo>) => unknown[];
    /** What the takes of `steps` return, in order. */
    want: unknown[];
}[] = [
    {
        proves: "a kept view is handed to the next take of its key",
        steps: ({ views }) => (views.keep("a", "view a"), [views.take("a")]),
        want: ["view a"],
    },
    {
        proves: "a view is handed out once",
        steps: ({ views }) => (views.keep("a", "view a"), [views.take("a"), views.take("a")]),
        want: ["view a", undefined],
    },
    {
        proves: "another key's view is not handed out",
        steps: ({ views }) => (views.keep("a", "view a"), [views.take("b"), views.take("a")]),
        want: [undefined, "view a"],
    },
    {
        proves: "a view as old as the max age is still fresh",
        steps: ({ views, advance }) => (views.keep("a", "view a"), advance(100), [views.take("a")]),
        want: ["view a"],
    },
    {
        proves: "a view older than the max age is not handed out",
        steps: ({ views, advance }) => (views.keep("a", "view a"), advance(101), [views.take("a")]),
        want: [undefined],
    },
    {
        proves: "keeping a key again replaces its view and its age",
        steps: ({ views, advance }) => {
            views.keep("a", "old");
            advance(90);
            views.keep("a", "new");
            advance(90);
            return [views.take("a")];
        },
        want: ["new"],
    },
    {
        proves: "beyond its capacity the memo drops the view kept longest ago",
        steps: ({ views }) => {
            views.keep("a", "view a");
            views.keep("b", "view b");
            views.keep("c", "view c");
            return [views.take("a"), views.take("b"), views.take("c")];
        },
        want: [undefined, "view b", "view c"],
    },
    {
        proves: "clear forgets every view (the driver changed the host)",
        steps: ({ views }) => {
            views.keep("a", "view a");
            views.keep("b", "view b");
            views.clear();
            return [views.take("a"), views.take("b")];
        },
        want: [undefined, undefined],
    },
];

describe("ViewMemo: the view an observe keeps for the apply after it", () => {
    for (const { proves, steps, want } of rows) {
        it(proves, () => {
            expect(steps(memo())).to.deep.equal(want);
        });
    }
});
