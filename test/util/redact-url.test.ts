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

t.test("a password in the user info is masked, even in a URL that does not parse", (t) => {
  t.equal(redactUrl("smtp://lab:s3cret@127.0.0.1:2525"), "smtp://lab:***@127.0.0.1:2525");
  t.equal(redactUrl("smtp://user:p@ss@"), "smtp://user:***@ss@", "the first @ ends the user info");
  t.equal(redactUrl("smtps://mail.lab.example:465"), "smtps://mail.lab.example:465", "no user info: unchanged");
  t.equal(redactUrl("smtp://user@host?token=x"), "smtp://user@host?token=[redacted]", "a user without a password is kept; the query as before");
  t.end();
});
