import t from "tap";
import { currentVersion, migrateRecord, DEVICE_RECORD_MIGRATIONS, type Migration } from "../../../src/emulator/store/migrations.js";
import { StoreError } from "../../../src/emulator/store/store.js";

t.test("the current format is version 4 and loads unchanged", (t) => {
  t.equal(currentVersion(DEVICE_RECORD_MIGRATIONS), 4);
  t.same(migrateRecord({ version: 4, a: 1 }, DEVICE_RECORD_MIGRATIONS), { record: { version: 4, a: 1 }, migrated: false });
  t.end();
});

t.test("version 1 → 2: the network in flash came from the fleet file (issue #8)", (t) => {
  const network = { ipv4: "127.0.0.9", mask: "255.0.0.0", gateway: "127.0.0.1", dhcp: false };
  const { record, migrated } = migrateRecord({ version: 1, flash: { activated: true, users: [], network } }, DEVICE_RECORD_MIGRATIONS);
  t.ok(migrated);
  t.same(record, { version: 4, flash: { networkSetBy: "fleet", activated: true, users: [], network } });
  t.end();
});

t.test("version 2 → 3: no security settings in the record; loading fills the profile's (issue #9)", (t) => {
  const flash = { networkSetBy: "device", activated: true, users: [], network: { ipv4: "127.0.0.9", mask: "255.0.0.0", gateway: "127.0.0.1", dhcp: false } };
  const { record, migrated } = migrateRecord({ version: 2, flash }, DEVICE_RECORD_MIGRATIONS);
  t.ok(migrated);
  t.same(record, { version: 4, flash });
  t.end();
});

t.test("version 3 → 4: fields issue #10 adds are absent in the record; loading fills the profile's", (t) => {
  const flash = { networkSetBy: "device", activated: true, users: [], network: { ipv4: "127.0.0.9", mask: "255.0.0.0", gateway: "127.0.0.1", dhcp: false } };
  const { record, migrated } = migrateRecord({ version: 3, flash }, DEVICE_RECORD_MIGRATIONS);
  t.ok(migrated);
  t.same(record, { version: 4, flash });
  t.end();
});

t.test("numbered migrations run in order from the stored version", (t) => {
  const migrations: Migration[] = [(r) => ({ ...r, renamed: r["old"], old: undefined }), (r) => ({ ...r, added: true })];
  t.equal(currentVersion(migrations), 3);
  t.same(migrateRecord({ version: 1, old: "x" }, migrations).record, { version: 3, renamed: "x", old: undefined, added: true });
  t.same(migrateRecord({ version: 2, renamed: "y" }, migrations).record, { version: 3, renamed: "y", added: true }, "starts at the stored version");
  t.end();
});

t.test("records from a newer hikemu or without a version are refused", (t) => {
  t.throws(() => migrateRecord({ version: 9 }, DEVICE_RECORD_MIGRATIONS), StoreError);
  t.throws(() => migrateRecord({ flash: {} }, DEVICE_RECORD_MIGRATIONS), /no valid version/);
  t.throws(() => migrateRecord("text", DEVICE_RECORD_MIGRATIONS), /not an object/);
  t.end();
});
