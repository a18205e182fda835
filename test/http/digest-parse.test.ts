import t from "tap";
import { parseDigestAuthorization } from "../../src/http/digest.js";

t.test("Authorization: Digest as clients write it", (t) => {
  const urllibStyle = 'Digest username="admin", realm="IP Camera(C2183)", nonce="4e54", uri="/ISAPI/System/deviceInfo?x=1", response="abc", qop=auth, nc=00000001, cnonce="0a4f113b"';
  t.same(parseDigestAuthorization(urllibStyle), {
    username: "admin",
    realm: "IP Camera(C2183)",
    nonce: "4e54",
    uri: "/ISAPI/System/deviceInfo?x=1",
    response: "abc",
    qop: "auth",
    nc: "00000001",
    cnonce: "0a4f113b",
    algorithm: undefined,
    opaque: undefined,
  });
  // Python requests quotes qop and algorithm, puts opaque before them, no space variety.
  const requestsStyle = 'digest username="u",realm="r",nonce="n",uri="/a",response="x",opaque="o",algorithm="MD5",qop="auth",nc=00000001,cnonce="c"';
  t.match(parseDigestAuthorization(requestsStyle), { username: "u", realm: "r", qop: "auth", algorithm: "MD5", opaque: "o", cnonce: "c" });
  t.match(parseDigestAuthorization('Digest  USERNAME = "a\\"b" ,realm="",nonce=n,uri=/,response=r'), { username: 'a"b', realm: "" }, "escapes, spacing, case of names, empty realm");
  t.end();
});

t.test("other schemes, missing fields and junk give undefined", (t) => {
  for (const header of [undefined, "", "Basic YWRtaW46MTIzNDU=", "Digestusername=a", 'Digest username="a", realm="r", nonce="n", uri="/"', "Digest =====", 'Digest username="unterminated']) {
    t.equal(parseDigestAuthorization(header), undefined, String(header));
  }
  t.end();
});
