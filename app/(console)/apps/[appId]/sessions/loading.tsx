export default function Loading() {
  return (
    <div className="stack" aria-busy="true" aria-label="Loading sessions">
      <div className="skeleton" style={{ width: 160, height: 24 }} />
      <div className="skeleton" style={{ height: 72 }} />
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="skeleton" style={{ height: 34 }} />
      ))}
    </div>
  );
}
