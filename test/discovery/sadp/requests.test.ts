import t from "tap";
import { decodeProbe } from "../../../src/discovery/sadp/codec.js";
import { parseCommand } from "../../../src/discovery/sadp/commands/requests.js";
import { readFixture } from "../../helpers/golden.js";

const commandOf = (types: string) => {
  const probe = decodeProbe(readFixture(`sadp/command.${types}.xml`));
  if (!probe) throw new Error(`fixture command.${types}.xml does not decode`);
  return { probe, command: parseCommand(probe) };
};

const QUESTIONS = [
  { id: "1", answer: "blue", mark: "true" },
  { id: "2", answer: "rex", mark: "true" },
  { id: "3", answer: "paris", mark: "true" },
];

t.test("every command fixture (sadp.dll templates, §1.5–1.8) decodes to its typed request", (t) => {
  const { probe } = commandOf("update");
  t.equal(probe.mac, "68-6d-bc-ee-f8-f0", "directed at the fixture's MAC");
  t.equal(probe.params["Password"], "X03MO1qnZdYdgyfeuILPmQ==", "<Password bSalt=\"true\">: the text is read, the attribute ignored");
  const expected: Record<string, unknown> = {
    exchangecode: { kind: "exchangecode", code: commandOf("exchangecode").probe.params["Code"] },
    activate: { kind: "activate", password: "q7VfXH9r0b3c2ZpK1uY6e8sA4wLmN5tJ0oPiQdRxGzk=" },
    update: {
      kind: "update",
      password: "X03MO1qnZdYdgyfeuILPmQ==",
      pwErrorParse: true,
      ipv4: "192.168.1.64",
      mask: "255.255.255.0",
      gateway: "192.168.1.1",
      dhcp: "false",
      httpPort: "80",
      commandPort: "8000",
      sdkOverTlsPort: "8443",
    },
    getcode: { kind: "getcode" },
    reset: { kind: "reset", code: "AwAAAGV4YW1wbGUtY29kZQ==", password: "Reset1234!" },
    ExportGUID: { kind: "ExportGUID", password: "X03MO1qnZdYdgyfeuILPmQ==" },
    GUIDReset: { kind: "GUIDReset", guid: "4f1c2e3d5a6b7c8d9e0f1a2b3c4d5e6f", password: "Reset1234!", syncIPCPassword: true },
    getsecurityquestion: { kind: "getsecurityquestion" },
    setsecurityquestion: { kind: "setsecurityquestion", questions: QUESTIONS, password: "X03MO1qnZdYdgyfeuILPmQ==" },
    AnswerReset: { kind: "AnswerReset", questions: QUESTIONS, password: "Reset1234!", syncIPCPassword: true },
    GetQRcodes: { kind: "GetQRcodes" },
    MailReset: { kind: "MailReset", code: undefined, password: "Reset1234!", syncIPCPassword: true },
    lamp: { kind: "other", types: "lamp" },
  };
  for (const [types, want] of Object.entries(expected)) t.strictSame(commandOf(types).command, want, types);
  t.match(commandOf("exchangecode").probe.params["Code"], /^MIGJ/, "the exchangecode key is a DER PKCS#1 RSA-1024 key (§1.6)");
  t.end();
});

t.test("the Ipv4… spelling of some firmware, one Question alone, and junk inside QuestionList", (t) => {
  const update = decodeProbe(
    Buffer.from("<Probe><Uuid>U</Uuid><MAC>68-6d-bc-ee-f8-f0</MAC><Types>update</Types><Password>p</Password><Ipv4Address>10.0.0.9</Ipv4Address><Ipv4SubnetMask>255.0.0.0</Ipv4SubnetMask><Ipv4Gateway>10.0.0.1</Ipv4Gateway></Probe>"),
  );
  const parsed = update && parseCommand(update);
  t.match(parsed, { kind: "update", ipv4: "10.0.0.9", mask: "255.0.0.0", gateway: "10.0.0.1", pwErrorParse: false, dhcp: undefined });

  const one = decodeProbe(Buffer.from("<Probe><Uuid>U</Uuid><MAC>68-6d-bc-ee-f8-f0</MAC><Types>AnswerReset</Types><QuestionList><Question><ID>7</ID><Answer>a</Answer></Question></QuestionList></Probe>"));
  t.strictSame(one && parseCommand(one), { kind: "AnswerReset", questions: [{ id: "7", answer: "a", mark: undefined }], password: undefined, syncIPCPassword: false });

  const junk = decodeProbe(Buffer.from("<Probe><Uuid>U</Uuid><MAC>68-6d-bc-ee-f8-f0</MAC><Types>AnswerReset</Types><QuestionList><Question>text</Question><Question><Answer>no id</Answer></Question><Other/></QuestionList></Probe>"));
  t.strictSame(junk && parseCommand(junk), { kind: "AnswerReset", questions: [], password: undefined, syncIPCPassword: false }, "questions without an ID are skipped");

  const flat = decodeProbe(Buffer.from("<Probe><Uuid>U</Uuid><MAC>68-6d-bc-ee-f8-f0</MAC><Types>setsecurityquestion</Types><QuestionList>flat</QuestionList></Probe>"));
  t.strictSame(flat && parseCommand(flat), { kind: "setsecurityquestion", questions: [], password: undefined });
  t.end();
});
