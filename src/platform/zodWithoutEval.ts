// zod compiles object parsers with `new Function` where it may, and finds out by trying a
// caught `new Function("")`. The app's Content-Security-Policy forbids eval, and Chrome reports
// even that caught probe as a violation: jitless skips the probe, and every parse is
// interpreted. Import this before anything that parses (it sets zod's global config).
import * as z from "zod";

z.config({ jitless: true });
