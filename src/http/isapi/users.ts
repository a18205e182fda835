import type { Device } from "../../emulator/device.js";
import { ADMIN_USER, type UserLevel, type UserRecord } from "../../emulator/state.js";
import { DeviceError } from "../../emulator/errors.js";
import type { Requester, UserChange } from "../../emulator/user-directory.js";
import type { OnlineUser } from "../../emulator/auth/online-users.js";
import { ADMINISTRATOR, ANY_USER, type Reply, type RequestContext, type Route } from "../router.js";
import { XML_CONTENT_TYPE, buildXml, parseXml, textAt, type XmlChildren } from "../xml.js";
import { okReply } from "./ok-reply.js";

/**
 * User management over ISAPI (hik-protocols.md §2.8): list, read, create, modify, delete,
 * and the online users. The rules live in the core (user-directory.ts); this file reads the
 * XML and writes the replies. Only the administrator creates and deletes (the route policy
 * refuses others with `lowPrivilege` before the body is read); modify is open to every user
 * and the core lets a non-administrator change only their own password.
 */
export const userRoutes: Route[] = [
  {
    method: "GET",
    path: "/ISAPI/Security/users",
    auth: ANY_USER,
    handler: ({ device, user }) => xmlReply(userListXml(device, device.userDirectory.visibleTo(signedIn(user)))),
  },
  {
    method: "POST",
    path: "/ISAPI/Security/users",
    auth: ADMINISTRATOR,
    handler: async (context) => {
      const node = userNode(context.body, "POST");
      const userName = textAt(node, "userName");
      const password = textAt(node, "password");
      const levelText = textAt(node, "userLevel");
      if (!userName || !password || !levelText) throw new DeviceError("badXmlContent", "User needs userName, password and userLevel");
      const record = await context.device.userDirectory.create(requester(context, node), { userName, password, level: level(levelText) });
      // The new user's id after subStatusCode: a guess (no capture). ISAPI documents `id` in
      // ResponseStatus for resources a POST creates, and client scripts read `<id>` from the
      // reply to learn it; clients that ignore it lose nothing.
      return ok(context, [["id", String(record.id)]]);
    },
  },
  {
    // Some scripts change a password by PUTting to the list (a UserList with one User, or a
    // bare User, carrying its id): the same modify as PUT /users/<id>.
    method: "PUT",
    path: "/ISAPI/Security/users",
    auth: ANY_USER,
    handler: async (context) => {
      const node = userNode(context.body, "PUT list");
      const idText = textAt(node, "id");
      if (idText === undefined) throw new DeviceError("badXmlContent", "User/id is missing");
      await context.device.userDirectory.modify(requester(context, node), userId(idText), change(node));
      return ok(context);
    },
  },
  {
    method: "GET",
    path: "/ISAPI/Security/users/<id>",
    auth: ANY_USER,
    handler: ({ device, user, params }) => {
      const id = userId(params.id ?? "");
      const name = signedIn(user);
      const found = device.userDirectory.visibleTo(name).find((u) => u.id === id);
      if (found) return xmlReply(buildXml({ name: "User", attributes: elementAttributes(device), children: userChildren(found) }));
      // Others' ids are not revealed to non-administrators, existing or not.
      if (!device.accounts.hasLevel(name, "Administrator")) throw new DeviceError("lowPrivilege", "users see only themselves");
      throw new DeviceError("badParameters", `no user with id ${id}`);
    },
  },
  {
    method: "PUT",
    path: "/ISAPI/Security/users/<id>",
    auth: ANY_USER,
    handler: async (context) => {
      const id = userId(context.params.id ?? "");
      const node = userNode(context.body, "PUT");
      const bodyId = textAt(node, "id");
      if (bodyId !== undefined && bodyId !== "" && bodyId !== String(id)) throw new DeviceError("badParameters", "User/id differs from the id in the URL");
      await context.device.userDirectory.modify(requester(context, node), id, change(node));
      return ok(context);
    },
  },
  {
    method: "DELETE",
    path: "/ISAPI/Security/users/<id>",
    auth: ADMINISTRATOR,
    handler: async (context) => {
      await context.device.userDirectory.remove(requester(context, undefined), userId(context.params.id ?? ""));
      return ok(context);
    },
  },
  {
    method: "GET",
    path: "/ISAPI/Security/onlineUser",
    auth: ADMINISTRATOR,
    availableOn: (profile) => profile.security.onlineUser,
    handler: ({ device }) => xmlReply(onlineUserListXml(device, device.accounts.onlineUsers())),
  },
];

/**
 * UserList (§2.8). Captured: the root and `id`, `userName`, `userLevel` (official guide,
 * hikvision_next fixtures); one bound IP and one bound MAC per user (SecurityCap
 * `userBondIpNums` 1, `userBondMacNums` 1 in the NVR capture). LIKELY, from client scripts
 * that clone a GET reply into a POST: the element names and order of `bondIpAddressList`,
 * `bondMacAddressList` and `attribute/inherent` (true for the built-in admin), with the
 * unbound values 0.0.0.0, :: and 00:00:00:00:00:00. Never a password or any password material.
 */
export function userListXml(device: Device, users: readonly UserRecord[]): string {
  const attributes = elementAttributes(device);
  return buildXml({ name: "UserList", attributes, children: users.map((u) => ["User", { attributes, children: userChildren(u) }] as const) });
}

function userChildren(user: UserRecord): XmlChildren {
  return [
    ["id", String(user.id)],
    ["userName", user.userName],
    ["bondIpAddressList", [["bondIpAddress", [["id", "1"], ["ipAddress", "0.0.0.0"], ["ipv6Address", "::"]]]]],
    ["bondMacAddressList", [["bondMacAddress", [["id", "1"], ["macAddress", "00:00:00:00:00:00"]]]]],
    ["userLevel", user.level],
    ["attribute", [["inherent", user.userName === ADMIN_USER ? "true" : "false"]]],
  ];
}

/**
 * OnlineUserList (§2.8: the resource and its large ids are LIKELY; the element names below
 * are a documented guess, no capture): per entry the id, user name, the user's level as
 * `userType`, `clientType` (`web` for a session login, `api` for a client authenticating each
 * request), the client address and the login time, in login order (id). No session id,
 * nonce or password.
 */
export function onlineUserListXml(device: Device, online: readonly OnlineUser[]): string {
  const attributes = elementAttributes(device);
  const levelOf = (userName: string) => device.users.find((u) => u.userName === userName)?.level ?? "Viewer";
  return buildXml({
    name: "OnlineUserList",
    attributes,
    children: [...online].sort((a, b) => a.id - b.id).map((entry) => [
      "OnlineUser",
      {
        attributes,
        children: [
          ["id", String(entry.id)],
          ["userName", entry.userName],
          ["userType", levelOf(entry.userName)],
          ["clientType", entry.kind],
          ["clientAddress", [entry.peer.includes(":") ? ["ipv6Address", entry.peer] : ["ipAddress", entry.peer]]],
          // The login instant as the device's own clock read it (time/device-clock.ts), in its zone.
          ["loginTime", device.time.isapiTime(device.deviceTime() - (device.now() - entry.loginAt))],
        ],
      },
    ] as const),
  });
}

const LEVELS: Readonly<Record<string, UserLevel>> = { administrator: "Administrator", operator: "Operator", viewer: "Viewer" };

function level(text: string): UserLevel {
  const found = LEVELS[text.toLowerCase()];
  if (!found) throw new DeviceError("badXmlContent", "userLevel must be Administrator, Operator or Viewer");
  return found;
}

/** A user id: a positive integer (1 is the admin). */
function userId(text: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(text)) throw new DeviceError("badParameters", `id "${text}" is not a user id`);
  return Number(text);
}

type XmlNode = Record<string, unknown>;

/**
 * The one `<User>` of a request body: `<User>` itself, or for a PUT to the list also the one
 * `<User>` of a `<UserList>` (several Users in one request are not emulated: badXmlContent).
 */
function userNode(body: Buffer, kind: "POST" | "PUT" | "PUT list"): XmlNode {
  const doc = parseXml(body.toString("utf8"));
  if (!doc) throw new DeviceError("badXmlFormat");
  let node = doc.User;
  if (node === undefined && kind === "PUT list") {
    const list = doc.UserList;
    node = list && typeof list === "object" && !Array.isArray(list) ? (list as XmlNode).User : undefined;
  }
  if (node === "") return {};
  if (!node || typeof node !== "object" || Array.isArray(node)) throw new DeviceError("badXmlContent", kind === "PUT list" ? "User is missing (alone, or the one User of a UserList)" : "User is missing");
  return node as XmlNode;
}

/**
 * What a PUT changes: the elements present. An empty `<password>` changes nothing (clients
 * that PUT back what they read send none or an empty one; our choice).
 */
function change(node: XmlNode): UserChange {
  const userName = textAt(node, "userName");
  const password = textAt(node, "password");
  const levelText = textAt(node, "userLevel");
  return {
    ...(userName ? { userName } : {}),
    ...(password ? { password } : {}),
    ...(levelText ? { level: level(levelText) } : {}),
  };
}

function requester(context: RequestContext, node: XmlNode | undefined): Requester {
  const loginPassword = node ? textAt(node, "loginPassword") : undefined;
  return { userName: signedIn(context.user), peer: context.request.socket.remoteAddress ?? "", ...(loginPassword ? { loginPassword } : {}) };
}

/** The authenticated user (every route here requires one). */
function signedIn(user: string | undefined): string {
  if (user === undefined) throw new DeviceError("unauthorized");
  return user;
}

function elementAttributes(device: Device): Readonly<Record<string, string>> {
  return { version: "2.0", xmlns: device.profile.isapi.namespace };
}

function xmlReply(body: string): Reply {
  return { status: 200, contentType: XML_CONTENT_TYPE, body };
}

function ok(context: RequestContext, extra: XmlChildren = []): Reply {
  return okReply(context.device, context.requestURL, extra);
}
