// Entry point: read the URL's preset and overrides (and a shared link's config in the hash,
// which wins and then follows the form), then render the lab.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { registerServiceWorker } from "./lib/serviceWorker";
import { decodeShareDraft, writeShareHash } from "./lib/shareLink";
import { parseUrlQuery } from "./lib/urlQuery";
import { configActions, labStore } from "./store/appStore";
import { App } from "./ui/App";
import "./ui/styles.css";

configActions.applyUrl(parseUrlQuery(window.location.search));
const shared = decodeShareDraft(window.location.hash);
if (shared) configActions.loadDraft(shared);
labStore.subscribe((state, previous) => {
  if (state.config && state.config !== previous.config) writeShareHash(state.config);
});

registerServiceWorker();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
