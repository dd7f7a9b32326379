import { useEffect, useRef } from 'react';

/** Loads the next page when scrolled into view (infinite scroll), or when clicked. */
export function LoadMore({ onVisible }: { onVisible: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onVisible();
    });
    if (button.current) observer.observe(button.current);
    return () => observer.disconnect();
  }, [onVisible]);
  return (
    <button type="button" className="more" ref={button} onClick={onVisible}>
      Load more recordings
    </button>
  );
}
