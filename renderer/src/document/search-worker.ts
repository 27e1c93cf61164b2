/// <reference lib="webworker" />
import { findAll } from './marks';

/** Runs a reviewer's regular expression away from the window: a pattern that backtracks for ever is stopped from outside. */
self.onmessage = (e: MessageEvent<{ text: string; query: string }>) => {
  self.postMessage(findAll(e.data.text, e.data.query, true));
};
