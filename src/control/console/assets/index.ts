import { API_JS } from "./api-js.js";
import { APP_JS } from "./app-js.js";
import { CLOCK_JS } from "./clock-js.js";
import { FLEET_JS } from "./fleet-js.js";
import { LOG_JS } from "./log-js.js";
import { ROW_JS } from "./row-js.js";
import { CONSOLE_CSS, CONSOLE_ICON } from "./style-css.js";

export { CONSOLE_PAGE } from "./page-html.js";

export interface ConsoleAsset {
  readonly type: string;
  readonly body: string;
}

const script = (body: string): ConsoleAsset => ({ type: "text/javascript; charset=utf-8", body });

/** The files under /console/: browser modules (plain JS, no build step), the stylesheet, the icon. */
export const CONSOLE_ASSETS: ReadonlyMap<string, ConsoleAsset> = new Map([
  ["app.js", script(APP_JS)],
  ["api.js", script(API_JS)],
  ["clock.js", script(CLOCK_JS)],
  ["fleet.js", script(FLEET_JS)],
  ["row.js", script(ROW_JS)],
  ["log.js", script(LOG_JS)],
  ["console.css", { type: "text/css; charset=utf-8", body: CONSOLE_CSS }],
  ["icon.svg", { type: "image/svg+xml; charset=utf-8", body: CONSOLE_ICON }],
]);
