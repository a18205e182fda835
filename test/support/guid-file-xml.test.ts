import t from "tap";
import { guidFileName, guidFileXml, readGuidFile } from "../../src/support/guid-file-xml.js";

t.test("the GUID file's download name holds no path separator: a recorder serial's slashes become underscores", (t) => {
  t.equal(guidFileName("DS-7608NXI-I2/8P/S0820230701CCRRE07477421WCVU"), "GUID_DS-7608NXI-I2_8P_S0820230701CCRRE07477421WCVU.xml");
  t.equal(guidFileName("DS-2CD2146G2-ISU20230101AAWRJ12345678"), "GUID_DS-2CD2146G2-ISU20230101AAWRJ12345678.xml", "a camera serial is kept as it is");
  t.end();
});

t.test("a GUID file reads back as written; other texts are no GUID file", (t) => {
  const file = { serial: "DS-7608NXI-I2/8P/S0820230701CCRRE07477421WCVU", guid: "0123456789ABCDEF0123456789ABCDEF" };
  t.same(readGuidFile(guidFileXml(file)), file);
  t.equal(readGuidFile("<GUIDFile><DeviceSN>x</DeviceSN><GUID>not-hex</GUID></GUIDFile>"), undefined);
  t.equal(readGuidFile("no xml at all"), undefined);
  t.end();
});
