import { buildWhenStale } from '../helpers/build';

/** Before the end-to-end suite: the stack it drives runs the built bot, as `npm start` does. */
export default function setUpEndToEndSuite(): void {
  buildWhenStale();
}
