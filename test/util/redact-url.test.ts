import t from "tap";
import { redactUrl } from "../../src/util/redact-url.js";

t.test("query values named like secrets are redacted, the rest kept", (t) => {
  t.equal(redactUrl("/ISAPI/System/deviceInfo"), "/ISAPI/System/deviceInfo");
  t.equal(redactUrl("/ISAPI/Security/sessionLogin?timeStamp=1700000000000"), "/ISAPI/Security/sessionLogin?timeStamp=1700000000000");
  t.equal(redactUrl("/x?username=admin&password=Hik12345!&random=1"), "/x?username=admin&password=[redacted]&random=1");
  t.equal(redactUrl("/x?securityCode=QRSqr&verificationCode=1&Token=abc&sessionID=f00"), "/x?securityCode=[redacted]&verificationCode=[redacted]&Token=[redacted]&sessionID=[redacted]");
  t.equal(redactUrl("/x?pass%77ord=a&flag"), "/x?pass%77ord=[redacted]&flag", "encoded names are decoded first");
  t.end();
});
