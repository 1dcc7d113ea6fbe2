import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ExportFormat, ExportProgress, ExportResult, Language, SearchQuery } from '../../../preload/contract'
import { bridge, call } from '../bridge'

/**
 * Export of the list's search, written by main (plans:export): the desktop app saves where the
 * person chose; in a browser the finished file is downloaded from the web host.
 */
export const useExportStore = defineStore('export', () => {
  const running = ref<ExportFormat | null>(null)
  const progress = ref<ExportProgress | null>(null)
  let unsubscribe: (() => void) | null = null

  /** Starts the download of a file the web host holds (an ordinary link: the browser's own download). */
  function download(url: string, fileName: string | null): void {
    const a = document.createElement('a')
    a.href = url
    a.download = fileName ?? ''
    document.body.appendChild(a)
    a.click()
    a.remove()
  }

  /**
   * Writes the search to a file in the person's language, with dates in their time zone; throws
   * the envelope's error (the caller says it in words).
   */
  async function run(query: SearchQuery, format: ExportFormat, lang?: Language): Promise<ExportResult> {
    unsubscribe ??= bridge.on('export:progress', (p) => {
      if (running.value) progress.value = p
    })
    running.value = format
    progress.value = null
    try {
      const { offset: _o, limit: _l, cursor: _c, ...search } = query
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone
      const result = await call('plans:export', { query: JSON.parse(JSON.stringify(search)) as SearchQuery, format, ...(lang ? { lang } : {}), ...(timeZone ? { timeZone } : {}) })
      if (result.outcome === 'download' && result.url) download(result.url, result.fileName)
      return result
    } finally {
      running.value = null
      progress.value = null
    }
  }

  return { running, progress, run }
})
