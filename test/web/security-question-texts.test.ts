import t from "tap";
import { profiles } from "../helpers/harness.js";

// The web admin shows question texts from its own table (web/doc/script/security-questions.js):
// the wire carries only ids. Every profile that offers security questions must have the texts
// the page shows, id for id.
t.test("the web admin's security question texts are the profiles' catalogues", async (t) => {
  // A computed specifier: the module is a browser script, loaded as plain JavaScript here.
  const url = new URL("../../web/doc/script/security-questions.js", import.meta.url).href;
  const { SECURITY_QUESTIONS, questionText } = (await import(url)) as { SECURITY_QUESTIONS: Map<number, string>; questionText: (id: number | string) => string };
  let checked = 0;
  for (const model of profiles.models()) {
    const profile = profiles.get(model)!;
    if (!profile.recovery.includes("securityQuestions")) continue;
    t.same([...SECURITY_QUESTIONS].map(([id, text]) => ({ id, text })), profile.securityQuestions, `${model}: same ids and texts`);
    checked++;
  }
  t.ok(checked >= 2, "the camera and the recorder offer questions");
  t.equal(questionText("7"), "Your first pet's name.", "an id from the wire (text) finds its question");
  t.equal(questionText(99), "Question 99", "an id the table lacks still shows");
});
