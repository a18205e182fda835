// The texts of the security questions by id. The device reveals only the ids of the questions
// the admin chose (GET /ISAPI/Security/questionConfiguration: Question{id, mark}); the texts are
// the web page's own, as a real web UI keeps them in its language file. They match the profiles'
// default `securityQuestions` (src/profiles/schema.ts); an id not listed shows as "Question N".
const TEXTS = new Map([
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
  return TEXTS.get(id) ?? `Question ${id}`;
}
