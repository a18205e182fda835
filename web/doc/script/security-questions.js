// The security questions' texts, as the web UI's language table holds them: the wire carries
// only question ids (questionConfiguration, SADP getsecurityquestion: hik-protocols.md §2.8,
// §1.8.4). These are the texts of the profiles' `securityQuestions` catalogue (src/profiles/
// schema.ts; test/web/security-question-texts.test.ts keeps the two equal).
export const SECURITY_QUESTIONS = new Map([
  [1, "Your father's name."],
  [2, "Your mother's name."],
  [3, "Your senior class teacher's name."],
  [4, "Your junior class teacher's name."],
  [5, "Your primary class teacher's name."],
  [6, "Your best childhood friend's name."],
  [7, "Your first pet's name."],
  [8, "The city you were born in."],
  [9, "Your favourite book."],
  [10, "Your favourite sport."],
]);

export function questionText(id) {
  return SECURITY_QUESTIONS.get(Number(id)) ?? `Question ${id}`;
}
