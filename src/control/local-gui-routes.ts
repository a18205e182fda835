import { Router, type Request } from "express";
import { z } from "zod";
import type { Device } from "../emulator/device.js";
import type { Fleet } from "../emulator/fleet.js";
import type { Actor } from "../emulator/events.js";
import { DeviceError } from "../emulator/errors.js";
import { firmwareLabel } from "../profiles/releases.js";
import { readGuidFile } from "../support/guid-file-xml.js";
import { qrSvg } from "../util/qr-render.js";
import { ControlError, parseBody } from "./control-error.js";

/**
 * The recorder's local GUI seat (issue #12): the one monitor, mouse and keyboard on the NVR/DVR.
 * Its logins and wrong recovery proofs count toward the lockout of this one "address"
 * (accounts.ts, recovery/attempt-gate.ts; hik-protocols.md §2.11).
 */
export const LOCAL_PEER = "local";
const LOCAL: Actor = { via: "local", peer: LOCAL_PEER };

/** Passwords and answers are short; the limits only keep junk out (the device applies its own rules). */
const password = z.string().min(1).max(64);
const activateBody = z.object({ password }).strict();
const loginBody = z.object({ userName: z.string().min(1).max(32), password }).strict();
const codeBody = z.object({ code: z.string().min(1).max(32) }).strict();
const guidBody = z.object({ file: z.string().min(1).max(4096), password, syncIPCPassword: z.boolean().optional() }).strict();
const answersBody = z
  .object({
    answers: z.array(z.object({ id: z.number().int().min(1).max(1000), answer: z.string().max(256) }).strict()).min(1).max(10),
    password,
    syncIPCPassword: z.boolean().optional(),
  })
  .strict();
const qrResetBody = z.object({ code: z.string().min(1).max(32), password }).strict();

/**
 * The control API's resources behind the recorder local GUI page (recorder-page-routes.ts,
 * docs/web/recorder-gui.md): each one thin call into the device core — the same operations
 * the network fronts use, with the actor `via: "local"`. Only recorders (NVR, DVR) have one;
 * a device that is not running shows nothing on its monitor (409 `notRunning`).
 */
export function localGuiRoutes(fleet: Fleet): Router {
  const router = Router();
  const recorder = (request: Request): Device => {
    const name = String(request.params.name);
    const found = fleet.byName(name);
    if (!found) throw ControlError.notFound(`no device named ${JSON.stringify(name)}`);
    if (!isRecorder(found)) throw ControlError.notFound(`${name} is a camera: it has no local GUI (no monitor output)`);
    if (found.power !== "running") throw new ControlError(409, "notRunning", `${name} is ${found.power}: its monitor shows no GUI`);
    return found;
  };

  router.get("/devices/:name/local", (request, response) => {
    response.json(screen(recorder(request)));
  });

  router.post("/devices/:name/local/activate", async (request, response) => {
    const device = recorder(request);
    const body = parseBody(activateBody, request.body);
    await device.activate(body.password, "local");
    response.json(screen(device));
  });

  router.post("/devices/:name/local/login", (request, response) => {
    const device = recorder(request);
    const body = parseBody(loginBody, request.body);
    const outcome = device.login({ kind: "plain", userName: body.userName, password: body.password }, { front: "local", peer: LOCAL_PEER });
    if (!outcome.ok) {
      if (outcome.reason === "notActivated") throw new DeviceError("notActivated", "activate the recorder first");
      if (outcome.reason === "locked" || outcome.lock?.locked) throw new DeviceError("deviceLocked", `the local GUI is locked for ${outcome.lock?.unlockSeconds ?? 0} s`);
      throw new DeviceError("wrongPassword", "user name or password error");
    }
    response.json({ userName: outcome.userName });
  });

  router.post("/devices/:name/local/security-code", async (request, response) => {
    const device = recorder(request);
    const { code } = parseBody(codeBody, request.body);
    await device.recovery.securityCode.reset(code, LOCAL);
    const { activation } = device.profile;
    response.json({ reset: true, password: activation.mode === "none" ? activation.factoryPassword : null });
  });

  router.post("/devices/:name/local/guid", async (request, response) => {
    const device = recorder(request);
    const body = parseBody(guidBody, request.body);
    await device.recovery.guid.resetWithFile(readGuidFile(body.file), body.password, LOCAL, syncOption(body.syncIPCPassword));
    response.json({ reset: true });
  });

  router.get("/devices/:name/local/questions", (request, response) => {
    const device = recorder(request);
    const { questions } = device.recovery;
    const texts = new Map(questions.catalogue().map((q) => [q.id, q.text]));
    response.json({ questions: questions.configuredIds().map((id) => ({ id, text: texts.get(id) ?? `Question ${id}` })) });
  });

  router.post("/devices/:name/local/questions", async (request, response) => {
    const device = recorder(request);
    const body = parseBody(answersBody, request.body);
    await device.recovery.questions.reset(body.answers, body.password, LOCAL, syncOption(body.syncIPCPassword));
    response.json({ reset: true });
  });

  router.post("/devices/:name/local/qr", async (request, response) => {
    const device = recorder(request);
    const mode = device.recovery.qr.mode();
    const payload = device.recovery.qr.challenge();
    // A real, scannable image of the payload (the phone app's side: `hikemu support qr`).
    const svg = await qrSvg(payload);
    response.json({ mode, payload, svg });
  });

  router.post("/devices/:name/local/qr/reset", async (request, response) => {
    const device = recorder(request);
    const body = parseBody(qrResetBody, request.body);
    await device.recovery.qr.resetWithKey(body.code, body.password, LOCAL);
    response.json({ reset: true });
  });

  return router;
}

/** A recorder (NVR, DVR): a box with a monitor output, so a local GUI. */
export function isRecorder(device: Device): boolean {
  return device.profile.type !== "ipc";
}

function syncOption(value: boolean | undefined): { readonly syncIPCPassword?: boolean } {
  return value === undefined ? {} : { syncIPCPassword: value };
}

/** What the monitor shows: which screen (activation or login), and what the firmware offers. */
function screen(device: Device) {
  const { profile, identity } = device;
  const { recovery } = device;
  const offered = (method: Parameters<typeof recovery.passwordReset.offers>[0]) => recovery.passwordReset.offers(method);
  const lock = device.accounts.lockStatus(LOCAL_PEER, "admin");
  return {
    name: device.name,
    model: profile.model,
    type: profile.type,
    serial: identity.serial,
    firmware: firmwareLabel(profile.firmware),
    activated: device.activated,
    deviceTime: device.time.isapiTime(),
    lock: { locked: lock.locked, unlockSeconds: lock.locked ? lock.unlockSeconds : 0, retriesLeft: lock.retriesLeft },
    recovery: {
      /** §7: the serial and the device's date the code is computed from, where the firmware has the code. */
      securityCode: offered("securityCode") ? { serial: identity.serial, date: recovery.securityCode.currentDate(device.flash) } : null,
      guidFile: offered("guidFile"),
      securityQuestions: offered("securityQuestions"),
      qr: recovery.qr.mode() ?? null,
    },
  };
}
