import { readFileSync } from "node:fs";
import { testOptions } from "./domain/signatures/fixtures/load.server";
import { verifyPdf } from "./domain/signatures/verify.server";
const big = readFileSync("/tmp/big.pdf");
const o = testOptions();
for (let i = 0; i < 20; i++) await verifyPdf(big, o);
const t0 = process.hrtime.bigint();
for (let i = 0; i < 200; i++) await verifyPdf(big, o);
console.log(Number(process.hrtime.bigint() - t0) / 200 / 1e6, "ms");
