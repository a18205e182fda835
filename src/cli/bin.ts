#!/usr/bin/env node
/**
 * The `hikemu` command. Before loading the rest of the program (which itself needs open
 * files), it checks the process may open enough files for hikemu at all; the per-fleet
 * check comes in `start` once the fleet is known (runtime/descriptor-budget.ts).
 */
import { descriptorShortfall, openFileLimit } from "../runtime/descriptor-budget.js";

const shortfall = descriptorShortfall(0, openFileLimit());
if (shortfall) {
  console.error(`hikemu: ${shortfall}`);
  process.exit(2);
}
await import("./main.js");
