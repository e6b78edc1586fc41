// The width of an element, followed as it resizes. Only a ResizeObserver reads it: it reports
// the first size after the browser's own layout, so the charts never force a layout of the page
// (measuring at mount did, before the first paint), and they never measure per update.
import { type RefObject, useEffect, useRef, useState } from "react";

export function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect;
      if (box) setWidth(Math.floor(box.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
