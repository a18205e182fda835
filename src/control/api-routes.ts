import type { Outbox } from "../mail/outbox.js";
import type { SupportDesk } from "../support/support-desk.js";
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { Device } from "../emulator/device.js";
import type { Fleet } from "../emulator/fleet.js";
import type { ControlClock } from "./control-clock.js";
import { ControlError, parseBody } from "./control-error.js";
import { deviceSummary, deviceView } from "./device-view.js";
import type { EventHub } from "./event-hub.js";
import { EventStreams } from "./event-stream.js";
import { supportRoutes } from "./support-routes.js";
import { mailRoutes } from "./mail-routes.js";
import { localGuiRoutes } from "./local-gui-routes.js";

export interface ApiDeps {
  readonly fleet: Fleet;
  readonly clock: ControlClock;
  readonly events: EventHub;
  /** Resolves once the fronts (HTTP listeners) have followed every power change, or `device`'s. */
  readonly settled: (device?: Device) => Promise<void>;
  /** Issue #11: the mail the emulator sent, and the simulated support desk. */
  readonly outbox: Outbox;
  readonly supportDesk: SupportDesk;
}

const powerBody = z.object({ state: z.enum(["on", "off", "cycle"]) }).strict();
const buttonBody = z.discriminatedUnion("action", [
  z.object({ action: z.literal("press") }).strict(),
  z.object({ action: z.literal("release") }).strict(),
  z.object({ action: z.literal("hold"), seconds: z.number().min(0).max(3600), duringPowerOn: z.boolean().default(false) }).strict(),
]);
const advanceBody = z.object({ seconds: z.number().positive().max(366 * 86_400) }).strict();
const faultsBody = z
  .object({
    httpLatencyMs: z.number(),
    httpErrorRate: z.number(),
    discoveryDropRate: z.number(),
    unplugged: z.boolean(),
    extraBootSeconds: z.number(),
  })
  .partial()
  .strict();

/** The control API's resources (docs/control-api.md). */
export function apiRoutes(deps: ApiDeps): Router {
  const router = Router();
  const streams = new EventStreams(deps.events);
  const device = (request: Request): Device => {
    const name = String(request.params.name);
    const found = deps.fleet.byName(name);
    if (!found) throw ControlError.notFound(`no device named ${JSON.stringify(name)}`);
    return found;
  };
  const answer = async (response: Response, target: Device, extra: Record<string, unknown> = {}) => {
    await deps.settled(target);
    response.json({ ...extra, device: deviceView(target) });
  };

  router.get("/devices", (_request, response) => {
    response.json({ devices: deps.fleet.devices.map(deviceSummary) });
  });

  router.get("/devices/:name", (request, response) => {
    response.json(deviceView(device(request)));
  });

  router.post("/devices/:name/power", async (request, response) => {
    const target = device(request);
    const { state } = parseBody(powerBody, request.body);
    if (state === "on") target.powerOn();
    else if (state === "off") target.powerOff();
    else {
      if (target.power !== "off") target.powerOff();
      target.powerOn();
    }
    await answer(response, target);
  });

  router.post("/devices/:name/button", async (request, response) => {
    const target = device(request);
    const body = parseBody(buttonBody, request.body);
    if (body.action === "press") {
      target.button.press();
      await answer(response, target);
    } else if (body.action === "release") {
      const heldSeconds = target.button.release();
      await answer(response, target, { heldSeconds });
    } else {
      // A client that goes away mid-hold (Ctrl-C in the CLI) lifts its finger.
      const gone = new AbortController();
      response.on("close", () => {
        if (!response.writableFinished) gone.abort();
      });
      const holding = target.button.hold(body.seconds, { duringPowerOn: body.duringPowerOn, signal: gone.signal });
      const result = await deps.clock.pass(body.seconds * 1000, holding);
      await answer(response, target, result);
    }
  });

  router.put("/devices/:name/faults", async (request, response) => {
    const target = device(request);
    target.faults.set(parseBody(faultsBody, request.body));
    await answer(response, target);
  });

  router.delete("/devices/:name/faults", async (request, response) => {
    const target = device(request);
    target.faults.clear();
    await answer(response, target);
  });

  router.get("/clock", (_request, response) => {
    response.json(deps.clock.view());
  });

  router.post("/clock/advance", async (request, response) => {
    const { seconds } = parseBody(advanceBody, request.body);
    await deps.clock.advance(seconds * 1000);
    await deps.settled();
    response.json(deps.clock.view());
  });

  router.get("/events", (request, response) => {
    const only = typeof request.query.device === "string" ? request.query.device : undefined;
    if (only !== undefined && !deps.fleet.byName(only)) throw ControlError.notFound(`no device named ${JSON.stringify(only)}`);
    streams.serve(request, response, only);
  });

  router.use(supportRoutes(deps.supportDesk));

  router.use(mailRoutes(deps.outbox));
  // Issue #12: the recorder local GUI's resources (local-gui-routes.ts).
  router.use(localGuiRoutes(deps.fleet));
  return router;
}
