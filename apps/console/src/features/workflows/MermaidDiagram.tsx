import { Text } from '@mantine/core';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Renders Mermaid text to SVG. `mermaid` is imported lazily (dynamic import), so it loads only
 * when a diagram is shown and stays out of the first-load bundle.
 */
export function MermaidDiagram({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation('workflows');
  const id = `mermaid-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const [svg, setSvg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    void (async () => {
      try {
        const { default: mermaid } = await import('mermaid');
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
        const rendered = await mermaid.render(id, text);
        if (live) setSvg(rendered.svg);
      } catch (e) {
        if (live) setError(e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [id, text]);
  if (error) return <Text c="red">{t('diagramFailed', { error })}</Text>;
  if (!svg) return <Text role="status">{t('diagramLoading')}</Text>;
  // The SVG comes from mermaid with securityLevel 'strict' (labels escaped, no scripts or links).
  return <figure role="img" aria-label={label} data-testid="workflow-diagram" style={{ margin: 0, overflowX: 'auto' }} dangerouslySetInnerHTML={{ __html: svg }} />;
}
