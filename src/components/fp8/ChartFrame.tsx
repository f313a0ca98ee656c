/**
 * A titled figure for one FP8 chart with its "SVG" export button; the chart draws into the
 * width the frame measures (ResizeObserver), so it fits the 300 px side panel and the expanded view.
 */
import { useRef, type ReactNode } from 'react';
import { downloadText, standaloneSvg } from './svgExport.ts';
import { useWidth } from './useWidth.ts';
import type { ChartColors } from './useColors.ts';

interface Props {
  id: string;
  title: string;
  colors: ChartColors;
  /** controls beside the title */
  tools?: ReactNode;
  /** controls under the title, above the chart */
  controls?: ReactNode;
  caption?: ReactNode;
  children: (width: number) => ReactNode;
}

/** The last measured width: a newly mounted chart starts there instead of at a guess. */
let lastWidth = 276;

export function ChartFrame({ id, title, colors, tools, controls, caption, children }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box, lastWidth);
  lastWidth = width;
  const exportSvg = () => {
    const svg = box.current?.querySelector('svg');
    if (svg) downloadText(standaloneSvg(svg, title, colors), `pipescope-fp8-${id}.svg`);
  };
  return (
    <figure className="fp8-chart" data-chart-id={id}>
      <figcaption className="fp8-chart-head">
        <span className="fp8-chart-title">{title}</span>
        <span className="fp8-chart-tools">
          {tools}
          <button
            type="button"
            className="fp8-export"
            onClick={exportSvg}
            title={`Download this chart as a standalone SVG file`}
            aria-label={`Export ${title} as SVG`}
          >
            SVG
          </button>
        </span>
      </figcaption>
      {controls}
      <div ref={box} className="fp8-chart-body">
        {width > 0 ? children(Math.max(200, width)) : null}
      </div>
      {caption ? <div className="fp8-caption">{caption}</div> : null}
    </figure>
  );
}
