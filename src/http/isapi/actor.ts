import type { Actor } from "../../emulator/events.js";
import type { RequestContext } from "../router.js";

/** Who sent an ISAPI request, for the device log (issue #10): the authenticated user and the client address. */
export function isapiActor(context: Pick<RequestContext, "user" | "request">): Actor {
  const peer = context.request.socket.remoteAddress;
  return { via: "isapi", ...(context.user === undefined ? {} : { userName: context.user }), ...(peer === undefined ? {} : { peer }) };
}
