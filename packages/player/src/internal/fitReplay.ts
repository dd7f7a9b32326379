/** Scales the replay (`wrapper`, a page of `size`) to fit `stage`, never above 1:1, centred. */
export function fitReplay(
  wrapper: HTMLElement | undefined,
  stage: HTMLElement,
  size: { width: number; height: number },
): void {
  const { width, height } = size;
  if (!wrapper || !width || !height) return;
  const box = stage.getBoundingClientRect();
  const scale = Math.min(box.width / width, box.height / height, 1);
  wrapper.style.transform = `scale(${scale})`;
  wrapper.style.transformOrigin = 'top left';
  wrapper.style.left = `${(box.width - width * scale) / 2}px`;
}
