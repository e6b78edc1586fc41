import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The app and its training worker are ES modules; public/ (with data/mnist.bin) is served as is.
export default defineConfig({
  plugins: [react()],
  publicDir: "public",
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 4096 },
});
