// Entry point: read the URL's preset and overrides, then render the lab.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { parseUrlQuery } from "./lib/urlQuery";
import { experimentActions } from "./store/appStore";
import { App } from "./ui/App";
import "./ui/styles.css";

experimentActions.applyUrl(parseUrlQuery(window.location.search));

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
