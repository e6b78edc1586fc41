// zod as the lab uses it: without its JIT. zod compiles object parsers with `new Function` where
// it may and finds out by trying a caught `new Function("")`; the page's Content-Security-Policy
// forbids eval, and Chrome reports even that caught probe as a violation. Set here, in the
// module every schema imports, the setting holds before any parse wherever the bundler puts
// zod's chunk. Interpreted parsing is fast enough for configs, sweeps and run logs.
import * as z from "zod";

z.config({ jitless: true });

export { z };
