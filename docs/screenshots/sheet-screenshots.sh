#!/bin/sh
# Regenerates docs/screenshots/sheet-*.png: the seed report imported, a few tasks assigned and
# reported, each sheet exported and printed with LibreOffice (first page, as an office prints it).
# Needs soffice and pdftoppm. Run from the repository root: sh docs/screenshots/sheet-screenshots.sh
set -eu
PY=${PYTHON:-python}
WORK=$(mktemp -d)
DB="$WORK/demo.sqlite"
OUT=docs/screenshots
run() { "$PY" main.py --db "$DB" "$@" >/dev/null; }
run db init
run import-report resources/reports/2020-shizuishan.txt
run settings set office_name 石嘴山市人民政府督查室
for unit in 市发展和改革委员会 市工业和信息化局 市财政局 市生态环境局 市住房和城乡建设局; do
  run departments add "$unit"
done
CODES=$("$PY" main.py --db "$DB" tasks | awk 'NR>2 && $1 ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/ {print $1}' | head -n 8)
i=0
for code in $CODES; do
  i=$((i + 1))
  case $((i % 4)) in
    0) lead=市发展和改革委员会 co=市财政局 ;;
    1) lead=市工业和信息化局 co=市发展和改革委员会 ;;
    2) lead=市生态环境局 co=市财政局 ;;
    *) lead=市住房和城乡建设局 co=市发展和改革委员会 ;;
  esac
  run assign "$code" --lead "$lead" --co "$co" --leader 张副市长 --deadline 2020-12-31
  run progress add "$code" --date 2020-06-22 --percent $((i * 9)) --progress "第${i}项任务上期进展：完成前期手续。"
  if [ $((i % 3)) -ne 0 ]; then
    run progress add "$code" --date 2020-06-30 --percent $((i * 11)) \
      --progress "本期完成投资${i}亿元，开工项目${i}个。" --problems "资金到位慢。" --next "加快建设进度。"
  fi
  if [ $((i % 4)) -eq 1 ]; then run urge "$code" --note 请加快进度 --colour 黄 --date 2020-06-28; fi
done
run export xlsx --kind 周报 --period 2020-W27 --department 市发展和改革委员会 -o "$WORK/sheet-progress.xlsx"
run export xlsx --kind 分工 --department 市发展和改革委员会 -o "$WORK/sheet-assignment.xlsx"
run fillin export --period 2020-W27 --department 市发展和改革委员会 -o "$WORK/fillin"
cp "$WORK"/fillin/*.xlsx "$WORK/sheet-fillin.xlsx"
for name in sheet-progress sheet-assignment sheet-fillin; do
  soffice --headless --convert-to pdf --outdir "$WORK" "$WORK/$name.xlsx" >/dev/null
  pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$WORK/$name.pdf" "$OUT/$name"
done
rm -rf "$WORK"
