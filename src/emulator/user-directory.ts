import type { EventEmitter } from "node:events";
import type { Profile } from "../profiles/index.js";
import type { DeviceEventMap } from "./events.js";
import type { Identity } from "./identity.js";
import { ADMIN_USER, LEVEL_RANK, userWithPassword, type FlashAccess, type UserLevel, type UserRecord } from "./state.js";
import type { OwnPasswordProof } from "./auth/confirm-password.js";
import { DeviceError } from "./errors.js";

export interface UserDirectoryDeps extends FlashAccess {
  readonly name: string;
  readonly events: EventEmitter<DeviceEventMap>;
  readonly profile: () => Profile;
  readonly identity: Identity;
  /** The "confirm your own password" rule (auth/confirm-password.ts, Accounts.confirmOwnPassword). */
  readonly confirmOwnPassword: (requester: OwnPasswordProof, field: string) => void;
  /** Ends a user's web sessions: after any change to the account, as on the devices the user logs in again. */
  readonly endSessions: (userName: string) => void;
}

/** Who asks: the authenticated user of the request, with their own password where the firmware asks for it (`loginPassword`). */
export type Requester = OwnPasswordProof;

export interface NewUser {
  readonly userName: string;
  readonly password: string;
  readonly level: UserLevel;
}

export type UserChange = Partial<NewUser>;

/**
 * Characters a user name may not contain (our choice, UNCERTAIN: the web UI refuses these
 * in names; the rest of printable ASCII is allowed), 1–32 characters.
 */
const NAME_FORBIDDEN = /[\s\\/:*?"<>|'%&;]/;
export const MAX_USER_NAME = 32;
const PRINTABLE = new RegExp(`^[\\x21-\\x7e]{1,${MAX_USER_NAME}}$`);

/**
 * User management (hik-protocols.md §2.8, `/ISAPI/Security/users`), for every front. The
 * rules, as on the devices: only the administrator (`admin`, id 1, the one Administrator)
 * creates, renames, re-levels and deletes users, who are Operators or Viewers; `admin` can
 * be neither renamed, re-levelled nor deleted; every new password meets the password rules
 * (§2.10); other users may change only their own password. Changes are written to flash.
 */
export class UserDirectory {
  constructor(private readonly deps: UserDirectoryDeps) {}

  get users(): readonly UserRecord[] {
    return this.deps.flash().users;
  }

  /** Users the requester may see: the administrator sees all, others themselves. */
  visibleTo(userName: string): readonly UserRecord[] {
    const all = this.users;
    return this.#isAdmin(userName) ? all : all.filter((u) => u.userName === userName);
  }

  create(requester: Requester, user: NewUser): Promise<UserRecord> {
    this.#requireAdmin(requester.userName);
    this.#confirm(requester);
    return this.deps.exclusive(async () => {
      const users = this.users;
      if (users.length >= this.deps.profile().security.maxUsers) throw new DeviceError("invalidOperation", `the device holds at most ${this.deps.profile().security.maxUsers} users`);
      this.#checkName(user.userName, users, undefined);
      this.#checkLevel(user.level);
      const id = nextFreeId(users);
      const record = this.#record(id, user.userName, user.level, user.password);
      await this.deps.writeFlash({ ...this.deps.flash(), users: [...users, record] });
      this.#announce("created", record.userName, requester);
      return record;
    });
  }

  modify(requester: Requester, id: number, change: UserChange): Promise<UserRecord> {
    const target = this.#find(id);
    const self = target.userName === requester.userName;
    if (!this.#isAdmin(requester.userName)) {
      // Others may change their own password and nothing else.
      if (!self) throw new DeviceError("lowPrivilege", "only the administrator manages other users");
      if ((change.userName !== undefined && change.userName !== target.userName) || (change.level !== undefined && change.level !== target.level)) {
        throw new DeviceError("lowPrivilege", "only the administrator changes user names and levels");
      }
    }
    if (target.userName === ADMIN_USER) {
      if (change.userName !== undefined && change.userName !== ADMIN_USER) throw new DeviceError("invalidOperation", "the admin user cannot be renamed");
      if (change.level !== undefined && change.level !== "Administrator") throw new DeviceError("invalidOperation", "the admin user stays Administrator");
    } else if (change.level !== undefined && change.level !== target.level) {
      this.#checkLevel(change.level);
    }
    if (change.password !== undefined) this.#confirm(requester);
    return this.deps.exclusive(async () => {
      const users = this.users;
      const current = users.find((u) => u.id === id);
      // The checks above were made against `target`: an id freed and taken again meanwhile is another user.
      if (!current || current.userName !== target.userName) throw new DeviceError("badParameters", `no user with id ${id}`);
      const userName = change.userName ?? current.userName;
      if (userName !== current.userName) this.#checkName(userName, users, id);
      const level = change.level ?? current.level;
      if (change.password === undefined) {
        // The Digest material is derived from the name: a rename needs the password again.
        if (userName !== current.userName) throw new DeviceError("badParameters", "a renamed user needs a new password");
        if (level === current.level) return current;
      }
      const record = change.password === undefined ? { ...current, level } : this.#record(id, userName, level, change.password);
      await this.deps.writeFlash({ ...this.deps.flash(), users: users.map((u) => (u.id === id ? record : u)) });
      this.deps.endSessions(current.userName);
      this.#announce("modified", record.userName, requester);
      return record;
    });
  }

  remove(requester: Requester, id: number): Promise<void> {
    this.#requireAdmin(requester.userName);
    const target = this.#find(id);
    if (target.userName === ADMIN_USER) throw new DeviceError("invalidOperation", "the admin user cannot be deleted");
    return this.deps.exclusive(async () => {
      const users = this.users;
      if (!users.some((u) => u.id === id && u.userName === target.userName)) throw new DeviceError("badParameters", `no user with id ${id}`);
      await this.deps.writeFlash({ ...this.deps.flash(), users: users.filter((u) => u.id !== id) });
      this.deps.endSessions(target.userName);
      this.#announce("deleted", target.userName, requester);
    });
  }

  #announce(action: "created" | "modified" | "deleted", userName: string, requester: Requester): void {
    this.deps.events.emit("userChanged", { name: this.deps.name, action, userName, by: requester.userName, peer: requester.peer });
  }

  /** Whether the user is the administrator: the only Administrator-level account. */
  #isAdmin(userName: string): boolean {
    const user = this.users.find((u) => u.userName === userName);
    return user !== undefined && LEVEL_RANK[user.level] >= LEVEL_RANK.Administrator;
  }

  #requireAdmin(userName: string): void {
    if (!this.#isAdmin(userName)) throw new DeviceError("lowPrivilege", "only the administrator manages users");
  }

  #confirm(requester: Requester): void {
    this.deps.confirmOwnPassword(requester, "loginPassword");
  }

  #find(id: number): UserRecord {
    const user = this.users.find((u) => u.id === id);
    if (!user) throw new DeviceError("badParameters", `no user with id ${id}`);
    return user;
  }

  #checkName(userName: string, users: readonly UserRecord[], exceptId: number | undefined): void {
    if (!PRINTABLE.test(userName) || NAME_FORBIDDEN.test(userName)) throw new DeviceError("badParameters", "user names are 1-32 printable characters without spaces or \\ / : * ? \" < > | ' % & ;");
    if (users.some((u) => u.userName === userName && u.id !== exceptId)) throw new DeviceError("userExists", `a user named ${userName} exists`);
  }

  #checkLevel(level: UserLevel): void {
    if (level === "Administrator") throw new DeviceError("invalidOperation", "the admin user is the only Administrator; new users are Operator or Viewer");
  }

  #record(id: number, userName: string, level: UserLevel, password: string): UserRecord {
    return userWithPassword({ id, userName, level }, password, this.deps.profile(), this.deps.identity);
  }
}

/** The lowest id from 2 up that no user has (id 1 is the admin). */
function nextFreeId(users: readonly UserRecord[]): number {
  const taken = new Set(users.map((u) => u.id));
  let id = 2;
  while (taken.has(id)) id++;
  return id;
}

