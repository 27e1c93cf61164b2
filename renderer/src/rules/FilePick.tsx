interface Props {
  accept: string;
  label: string;
  testId: string;
  onFile(file: { name: string; bytes: Uint8Array<ArrayBuffer> }): void;
}

/** A file input that hands over the chosen file's name and bytes, and can take the same file again. */
export function FilePick({ accept, label, testId, onFile }: Props) {
  return (
    <input
      type="file"
      accept={accept}
      aria-label={label}
      data-testid={testId}
      onChange={async (e) => {
        const f = e.target.files?.[0];
        e.target.value = ''; // choosing the same file again fires again
        if (f) onFile({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
      }}
    />
  );
}
