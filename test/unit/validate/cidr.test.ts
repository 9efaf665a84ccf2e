import { expect } from "chai";
import {
    addressCount,
    broadcastAddress,
    canonicalCidr,
    cidrContains,
    cidrContainsCidr,
    cidrsOverlap,
    isCidr,
    isHostAddress,
    networkAddress,
    nthAddress,
} from "../../../provider/validate/cidr";
import { formatIpv4, parseIpv4 } from "../../../provider/validate/ipv4";

describe("IPv4 CIDR arithmetic", () => {
    describe("parsing", () => {
        const cases: Array<[string, boolean]> = [
            ["10.244.3.0/24", true],
            ["0.0.0.0/0", true],
            ["255.255.255.255/32", true],
            ["10.244.3.5/24", true],
            ["10.244.3.0/33", false],
            ["10.244.3.0/-1", false],
            ["10.244.3.0/08", false],
            ["010.244.3.0/24", false],
            ["10.244.3/24", false],
            ["10.244.3.0", false],
            [" 10.244.3.0/24", false],
            ["::1/128", false],
            ["10.256.3.0/24", false],
        ];
        for (const [text, valid] of cases) {
            it(`${JSON.stringify(text)} is ${valid ? "" : "not "}a prefix`, () => {
                expect(isCidr(text)).to.equal(valid);
            });
        }
    });

    describe("canonical form, network, broadcast, size", () => {
        const cases: Array<[string, string, string, string, number]> = [
            ["10.244.3.5/24", "10.244.3.0/24", "10.244.3.0", "10.244.3.255", 256],
            ["10.244.0.0/16", "10.244.0.0/16", "10.244.0.0", "10.244.255.255", 65536],
            ["192.168.1.77/29", "192.168.1.72/29", "192.168.1.72", "192.168.1.79", 8],
            ["1.2.3.4/32", "1.2.3.4/32", "1.2.3.4", "1.2.3.4", 1],
            ["200.1.2.3/0", "0.0.0.0/0", "0.0.0.0", "255.255.255.255", 4294967296],
        ];
        for (const [text, canonical, network, broadcast, size] of cases) {
            it(`${text} → ${canonical}, ${network}..${broadcast}, ${size} addresses`, () => {
                expect(canonicalCidr(text)).to.equal(canonical);
                expect(networkAddress(text)).to.equal(network);
                expect(broadcastAddress(text)).to.equal(broadcast);
                expect(addressCount(text)).to.equal(size);
            });
        }
        it("an invalid prefix has no canonical form", () => {
            expect(canonicalCidr("10.0.0.0/40")).to.equal(undefined);
        });
    });

    describe("nth address", () => {
        const cases: Array<[string, number, string | undefined]> = [
            ["10.244.3.0/24", 1, "10.244.3.1"],
            ["10.244.3.0/24", 2, "10.244.3.2"],
            ["10.244.3.0/24", 255, "10.244.3.255"],
            ["10.244.3.0/24", 256, undefined],
            ["10.244.0.0/16", 258, "10.244.1.2"],
            ["10.244.3.0/24", -1, undefined],
            ["10.244.3.0/24", 1.5, undefined],
        ];
        for (const [cidr, n, expected] of cases) {
            it(`address ${n} of ${cidr} is ${expected ?? "outside it"}`, () => {
                expect(nthAddress(cidr, n)).to.equal(expected);
            });
        }
    });

    describe("containment", () => {
        const cases: Array<[string, string, boolean]> = [
            ["10.244.3.0/24", "10.244.3.0", true],
            ["10.244.3.0/24", "10.244.3.255", true],
            ["10.244.3.0/24", "10.244.4.1", false],
            ["10.244.3.0/24", "10.244.2.255", false],
            ["0.0.0.0/0", "203.0.113.9", true],
            ["10.244.3.0/24", "not-an-ip", false],
        ];
        for (const [cidr, address, inside] of cases) {
            it(`${address} is ${inside ? "inside" : "outside"} ${cidr}`, () => {
                expect(cidrContains(cidr, address)).to.equal(inside);
            });
        }
    });

    describe("prefix inside prefix", () => {
        const cases: Array<[string, string, boolean]> = [
            ["10.244.0.0/16", "10.244.3.0/24", true],
            ["10.244.3.0/24", "10.244.0.0/16", false],
            ["10.244.3.0/24", "10.244.3.0/24", true],
            ["10.244.0.0/16", "10.245.0.0/24", false],
        ];
        for (const [outer, inner, inside] of cases) {
            it(`${inner} is ${inside ? "" : "not "}inside ${outer}`, () => {
                expect(cidrContainsCidr(outer, inner)).to.equal(inside);
            });
        }
    });

    describe("overlap (checked both ways)", () => {
        const cases: Array<[string, string, string, boolean]> = [
            ["disjoint neighbours", "10.244.3.0/24", "10.244.4.0/24", false],
            ["identical", "10.244.3.0/24", "10.244.3.0/24", true],
            ["one contains the other", "10.244.0.0/16", "10.244.3.0/24", true],
            ["touching at the edge", "10.0.0.0/25", "10.0.0.128/25", false],
            ["default route overlaps everything", "0.0.0.0/0", "192.168.1.0/24", true],
            ["host prefix inside", "10.1.1.1/32", "10.1.0.0/16", true],
            ["invalid prefix never overlaps", "10.1.0.0/99", "10.1.0.0/16", false],
        ];
        for (const [name, a, b, overlaps] of cases) {
            it(`${name}: ${a} and ${b} ${overlaps ? "overlap" : "do not overlap"}`, () => {
                expect(cidrsOverlap(a, b)).to.equal(overlaps);
                expect(cidrsOverlap(b, a)).to.equal(overlaps);
            });
        }
    });

    describe("usable host addresses", () => {
        const cases: Array<[string, string, boolean]> = [
            ["10.244.3.0/24", "10.244.3.10", true],
            ["10.244.3.0/24", "10.244.3.0", false],
            ["10.244.3.0/24", "10.244.3.255", false],
            ["10.244.3.0/24", "10.244.9.10", false],
            ["10.0.0.0/31", "10.0.0.0", true],
            ["10.0.0.7/32", "10.0.0.7", true],
        ];
        for (const [cidr, address, usable] of cases) {
            it(`${address} is ${usable ? "" : "not "}a host address of ${cidr}`, () => {
                expect(isHostAddress(cidr, address)).to.equal(usable);
            });
        }
    });

    describe("dotted-quad round trip", () => {
        for (const text of ["0.0.0.0", "10.244.3.2", "255.255.255.255", "128.0.0.1"]) {
            it(`${text} parses and formats back unchanged`, () => {
                expect(formatIpv4(parseIpv4(text) as number)).to.equal(text);
            });
        }
        for (const text of ["1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256", "a.b.c.d", ""]) {
            it(`${JSON.stringify(text)} is not an address`, () => {
                expect(parseIpv4(text)).to.equal(undefined);
            });
        }
    });
});
