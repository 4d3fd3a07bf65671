// VueUse has no download helper; an object URL on a temporary link is the whole of it.
/** Offers text as a file download. */
export function downloadText(text: string, filename: string, type = 'text/markdown') {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
