// Long synchronous stretches starve the event loop (a worker could not receive "pause");
// hand control back every few tens of milliseconds.
let lastYield = 0;

export async function yieldToEventLoop(budgetMs = 30): Promise<void> {
  const now = Date.now();
  if (now - lastYield < budgetMs) return;
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  lastYield = Date.now();
}
