"""User-facing text in German and English, declared once per message.

``t("key", lang, **values)`` formats a message.  Messages that end up inside SQL (validation
reasons) are formatted with placeholders that the caller replaces by SQL expressions.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # -- CLV models
    "clv_no_orders": {
        "en": "no orders in the workspace: import orders before fitting CLV models",
        "de": "keine Bestellungen im Arbeitsbereich: vor der Schätzung der Kundenwert-Modelle "
        "Bestellungen importieren",
    },
    "clv_holdout_late": {
        "en": "--holdout {holdout}: must lie before the last order day {last} (the holdout "
        "period runs from the day after it to the last order)",
        "de": "--holdout {holdout}: muss vor dem letzten Bestelltag {last} liegen (der "
        "Prüfzeitraum reicht vom Tag danach bis zur letzten Bestellung)",
    },
    "clv_few_repeaters": {
        "en": "only {n} customers bought more than once up to {end}; fitting needs at least "
        "{minimum} (import more history, or choose a later --holdout date)",
        "de": "nur {n} Kunden haben bis {end} mehr als einmal gekauft; die Schätzung braucht "
        "mindestens {minimum} (mehr Historie importieren oder ein späteres --holdout-Datum "
        "wählen)",
    },
    "clv_no_holdout": {
        "en": "the stored models were fitted without a holdout: run `bindung clv fit --holdout "
        "DATE` first",
        "de": "die gespeicherten Modelle wurden ohne Prüfzeitraum geschätzt: zuerst "
        "`bindung clv fit --holdout DATUM` ausführen",
    },
    # -- metrics
    "remote_store": {
        "en": "the store {store} is another engine: Bindung reads it for metrics only; "
        "imports, rejects, SQL and forget need a DuckDB store (docs/backends.md)",
        "de": "der Speicher {store} ist eine andere Engine: Bindung liest ihn nur für "
        "Kennzahlen; Importe, abgelehnte Zeilen, SQL und forget brauchen einen DuckDB-Speicher "
        "(docs/backends.md)",
    },
    "no_activity": {
        "en": "the workspace has no orders and no subscriptions yet; import some first "
        "(bindung import orders FILE)",
        "de": "der Arbeitsbereich enthält noch keine Bestellungen und keine Abonnements; "
        "bitte zuerst importieren (bindung import orders DATEI)",
    },
    # -- reading files
    "file_missing": {
        "en": "{file}: no such file",
        "de": "{file}: Datei nicht gefunden",
    },
    "file_empty": {
        "en": "{file}: the file is empty; expected a header line with column names",
        "de": "{file}: die Datei ist leer; erwartet wird eine Kopfzeile mit Spaltennamen",
    },
    "file_binary": {
        "en": "{file}: looks like a binary file, not text (NUL byte at byte {offset}); "
        "expected CSV, XLSX, Parquet or JSON lines",
        "de": "{file}: sieht wie eine Binärdatei aus, nicht wie Text (NUL-Byte an Byte {offset}); "
        "erwartet wird CSV, XLSX, Parquet oder JSON-Lines",
    },
    "file_format": {
        "en": "{file}: cannot read format {format!r}; expected csv, xlsx, parquet or jsonl",
        "de": "{file}: Format {format!r} wird nicht unterstützt; erwartet: csv, xlsx, parquet "
        "oder jsonl",
    },
    "file_unreadable": {
        "en": "{file}: cannot be read as {format}: {detail}",
        "de": "{file}: kann nicht als {format} gelesen werden: {detail}",
    },
    "no_header_columns": {
        "en": "{file}: --no-header and --columns go together: a file without a header line "
        "needs its column names, e.g. --no-header --columns customer_id,date,items,revenue",
        "de": "{file}: --no-header und --columns gehören zusammen: eine Datei ohne Kopfzeile "
        "braucht ihre Spaltennamen, z. B. --no-header --columns customer_id,date,items,revenue",
    },
    "titles_skipped": {
        "en": "title rows above the header skipped: {titles}",
        "de": "Titelzeilen über der Kopfzeile übersprungen: {titles}",
    },
    "summary_table": {
        "en": "{file}: this is a per-customer summary (one row per customer: {columns}), not a "
        "list of orders. Bindung needs one row per order (customer, order date, amount) and "
        "computes recency, frequency and value itself; export the orders or transactions "
        "instead",
        "de": "{file}: das ist eine Zusammenfassung je Kunde (eine Zeile je Kunde: {columns}), "
        "keine Liste von Bestellungen. Bindung braucht eine Zeile je Bestellung (Kunde, "
        "Bestelldatum, Betrag) und berechnet Recency, Frequenz und Wert selbst; bitte die "
        "Bestellungen bzw. Transaktionen exportieren",
    },
    "woocommerce_analytics_orders": {
        "en": "{file}: this is the {label} (WooCommerce → Analytics → Orders → Download). It has "
        "no customer id and no e-mail address, only the customer's name in column {column!r}: "
        "two customers with the same name would become one customer, so Bindung does not "
        "import it as {kind}. Export the orders with the customer's user id or billing e-mail "
        "instead: WooCommerce → Orders with an order export extension (Advanced Order Export "
        "For WooCommerce with 'Customer User ID' and 'Email (Billing)', or Customer/Order/"
        "Coupon Export, one row per product), which --preset woocommerce reads. To import this "
        "file anyway, at your own risk that customers of the same name are merged, name the "
        'customer column yourself: --map "{column}=customer_id"',
        "de": "{file}: das ist der {label} (WooCommerce → Analytics → Bestellungen → "
        "Herunterladen). Er enthält keine Kundennummer und keine E-Mail-Adresse, nur den Namen "
        "des Kunden in Spalte {column!r}: zwei Kunden mit gleichem Namen würden ein Kunde, "
        "deshalb importiert Bindung ihn nicht als {kind}. Stattdessen die Bestellungen mit der "
        "Benutzer-ID oder Rechnungs-E-Mail des Kunden exportieren: WooCommerce → Bestellungen "
        "mit einer Export-Erweiterung (Advanced Order Export For WooCommerce mit 'Customer User "
        "ID' und 'Email (Billing)' oder Customer/Order/Coupon Export, eine Zeile je Produkt), "
        "die --preset woocommerce liest. Um diese Datei trotzdem zu importieren, auf eigenes "
        "Risiko, dass gleichnamige Kunden zusammengelegt werden, die Kundenspalte selbst "
        'zuordnen: --map "{column}=customer_id"',
    },
    # -- forget (bindung forget)
    "forgot_files": {
        "en": "  files deleted from the workspace folder (they held the customer): {files}",
        "de": "  Dateien im Arbeitsbereich gelöscht (sie enthielten den Kunden): {files}",
    },
    "forgot_sources": {
        "en": "  kept: import sources in the workspace folder that hold the customer (your own "
        "files: delete or edit them by hand, or importing them again brings the customer "
        "back): {files}",
        "de": "  behalten: Importquellen im Arbeitsbereich, die den Kunden enthalten (Ihre "
        "eigenen Dateien: von Hand löschen oder bearbeiten, sonst bringt ein erneuter Import "
        "den Kunden zurück): {files}",
    },
    "forgot_outside": {
        "en": "  files outside the workspace folder {folder} (reports or exports written "
        "elsewhere with --out, copies) are not known to Bindung: delete those by hand",
        "de": "  Dateien außerhalb des Arbeitsbereichs {folder} (anderswo mit --out "
        "geschriebene Berichte oder Exporte, Kopien) kennt Bindung nicht: diese von Hand "
        "löschen",
    },
    "sheet_missing": {
        "en": "{file}: no sheet named {sheet!r}; the workbook has: {sheets}",
        "de": "{file}: kein Tabellenblatt {sheet!r}; die Arbeitsmappe enthält: {sheets}",
    },
    "header_duplicate": {
        "en": "{file}: the column name {name!r} appears more than once in the header; rename one",
        "de": "{file}: der Spaltenname {name!r} kommt in der Kopfzeile mehrfach vor; bitte "
        "umbenennen",
    },
    # -- mapping
    "mapping_missing": {
        "en": "{file}: cannot find the required field(s) {missing} for {kind}.\n"
        "  Columns in the file: {headers}\n"
        "  Name them with --map, e.g.: {example}",
        "de": "{file}: Pflichtfeld(er) {missing} für {kind} nicht gefunden.\n"
        "  Spalten in der Datei: {headers}\n"
        "  Zuordnen mit --map, z. B.: {example}",
    },
    "mapping_ambiguous": {
        "en": "{file}: the columns {columns} all look like {field}; which one is meant cannot be "
        "decided. Settle it with --map, e.g.: {example}",
        "de": "{file}: die Spalten {columns} sehen alle wie {field} aus; welche gemeint ist, "
        "lässt sich nicht entscheiden. Mit --map festlegen, z. B.: {example}",
    },
    "mapping_default_question": {
        "en": "{file}: column {column!r} looks like {field}, which the file does not map; "
        "Bindung would store {field} = {default} for every row. Settle it: "
        '--map "{column}={field}" to read it, or --map "{column}=-" to leave it out',
        "de": "{file}: Spalte {column!r} sieht wie {field} aus, das die Datei nicht zuordnet; "
        "Bindung würde für jede Zeile {field} = {default} speichern. Festlegen: "
        '--map "{column}={field}" zum Übernehmen oder --map "{column}=-" zum Weglassen',
    },
    "not_used": {
        "en": "not used: {columns}",
        "de": "nicht übernommen: {columns}",
    },
    "mapping_unknown_column": {
        "en": "--map {item!r}: the file has no column {column!r}; columns: {headers}",
        "de": "--map {item!r}: die Datei hat keine Spalte {column!r}; Spalten: {headers}",
    },
    "mapping_unknown_field": {
        "en": "--map {item!r}: {kind} has no field {field!r}; fields: {fields}",
        "de": "--map {item!r}: {kind} hat kein Feld {field!r}; Felder: {fields}",
    },
    "mapping_syntax": {
        "en": "--map {item!r}: expected COLUMN=field",
        "de": "--map {item!r}: erwartet wird SPALTE=feld",
    },
    "preset_unknown": {
        "en": "unknown preset {preset!r}; expected one of: {presets}",
        "de": "unbekanntes Preset {preset!r}; verfügbar: {presets}",
    },
    "preset_detected": {
        "en": "detected: {label}",
        "de": "erkannt: {label}",
    },
    "interval_missing": {
        "en": "{file}: column {column} is a price per interval, but the file has no interval "
        "column ({interval}); export it with that column, or map a monthly amount explicitly "
        '(--map "{column}=mrr"). Columns: {headers}',
        "de": "{file}: Spalte {column} ist ein Preis je Abrechnungsintervall, aber die Datei hat "
        "keine Intervallspalte ({interval}); mit dieser Spalte exportieren oder einen "
        'Monatsbetrag ausdrücklich zuordnen (--map "{column}=mrr"). Spalten: {headers}',
    },
    "preset_kind": {
        "en": "preset {preset!r} is for {kinds}, not for {kind}",
        "de": "Preset {preset!r} gilt für {kinds}, nicht für {kind}",
    },
    # -- numbers on the command line (read as the workspace locale writes them)
    "number_option": {
        "en": "{option} {value!r} is not a number as {locale} writes it ({rule}); expected "
        "e.g. {examples}{hint}",
        "de": "{option} {value!r} ist keine Zahl im Format {locale} ({rule}); erwartet z. B. "
        "{examples}{hint}",
    },
    "number_ambiguous": {
        "en": "{option} {value!r} is ambiguous: {ours} as {locale} writes numbers, but {other} "
        "with {mark!r} between thousands; write {ours_text} or {other_text}",
        "de": "{option} {value!r} ist mehrdeutig: {ours} im Format {locale}, aber {other} mit "
        "{mark!r} als Tausendertrenner; bitte {ours_text} oder {other_text} schreiben",
    },
    "number_meant": {
        "en": "; perhaps you meant {suggestion}",
        "de": "; gemeint ist vielleicht {suggestion}",
    },
    # -- row validation (placeholders {value} and {column} become SQL expressions)
    "ragged": {
        "en": "has {found} field(s), expected {expected} (as in the header)",
        "de": "hat {found} Feld(er), erwartet {expected} (wie in der Kopfzeile)",
    },
    "field_too_large": {
        "en": "has a field longer than {limit} characters; the row cannot be read",
        "de": "hat ein Feld mit mehr als {limit} Zeichen; die Zeile kann nicht gelesen werden",
    },
    "bad_json_file": {
        "en": "{file}: not valid JSON ({detail}); expected an array of objects or JSON lines",
        "de": "{file}: kein gültiges JSON ({detail}); erwartet wird ein Array von Objekten oder "
        "JSON-Lines",
    },
    "bad_json": {
        "en": "is not a JSON object: {detail}",
        "de": "ist kein JSON-Objekt: {detail}",
    },
    "required": {
        "en": "column {column} ({field}): is empty; a value is required",
        "de": "Spalte {column} ({field}): ist leer; ein Wert ist Pflicht",
    },
    "not_money": {
        "en": "column {column} ({field}): {value} is not an amount; expected e.g. {example}",
        "de": "Spalte {column} ({field}): {value} ist kein Betrag; erwartet z. B. {example}",
    },
    "not_integer": {
        "en": "column {column} ({field}): {value} is not a whole number; expected e.g. 3",
        "de": "Spalte {column} ({field}): {value} ist keine ganze Zahl; erwartet z. B. 3",
    },
    "not_number": {
        "en": "column {column} ({field}): {value} is not a number; expected e.g. {example}",
        "de": "Spalte {column} ({field}): {value} ist keine Zahl; erwartet z. B. {example}",
    },
    "not_timestamp": {
        "en": "column {column} ({field}): {value} is not a date; "
        "expected dd.mm.yyyy [hh:mm[:ss]], dd.mm.yy or yyyy-mm-dd[Thh:mm:ss]",
        "de": "Spalte {column} ({field}): {value} ist kein Datum; "
        "erwartet TT.MM.JJJJ [hh:mm[:ss]], TT.MM.JJ oder JJJJ-MM-TT[Thh:mm:ss]",
    },
    "not_boolean": {
        "en": "column {column} ({field}): {value} is not yes/no; expected ja/nein, yes/no, "
        "true/false or 1/0",
        "de": "Spalte {column} ({field}): {value} ist nicht ja/nein; erwartet ja/nein, yes/no, "
        "true/false oder 1/0",
    },
    "negative": {
        "en": "column {column} ({field}): {value} is negative; expected 0 or more",
        "de": "Spalte {column} ({field}): {value} ist negativ; erwartet 0 oder mehr",
    },
    "below_minimum": {
        "en": "column {column} ({field}): {value} is below the minimum {minimum}",
        "de": "Spalte {column} ({field}): {value} liegt unter dem Minimum {minimum}",
    },
    "choice": {
        "en": "column {column} ({field}): {value} is not allowed; expected one of {choices}",
        "de": "Spalte {column} ({field}): {value} ist nicht erlaubt; erwartet: {choices}",
    },
    "too_long": {
        "en": "column {column} ({field}): the value has {length} characters; at most {limit} "
        "allowed",
        "de": "Spalte {column} ({field}): der Wert hat {length} Zeichen; höchstens {limit} erlaubt",
    },
    "formula": {
        "en": "column {column} ({field}): {value} looks like a spreadsheet formula; refused to "
        "protect Excel users (remove the leading {lead})",
        "de": "Spalte {column} ({field}): {value} sieht wie eine Tabellenformel aus; abgelehnt "
        "zum Schutz von Excel-Nutzern (führendes {lead} entfernen)",
    },
    "future": {
        "en": "column {column} ({field}): {value} lies in the future",
        "de": "Spalte {column} ({field}): {value} liegt in der Zukunft",
    },
    "before": {
        "en": "column {column} ({field}): {value} is before {other} ({other_value})",
        "de": "Spalte {column} ({field}): {value} liegt vor {other} ({other_value})",
    },
    "score_range": {
        "en": "column {column} (score): {value} is outside {low}–{high} for survey {survey}",
        "de": "Spalte {column} (score): {value} liegt außerhalb {low}–{high} für Umfrage {survey}",
    },
    "currency": {
        "en": "column {column} (currency): {value} differs from the workspace currency {currency}; "
        "convert the amounts first",
        "de": "Spalte {column} (currency): {value} weicht von der Währung des Arbeitsbereichs "
        "{currency} ab; bitte vorher umrechnen",
    },
    "rate_missing": {
        "en": "column {column}: no exchange rate for {currency} on {day} (nor in the {days} days "
        "before); import the ECB reference rates first: bindung import exchange_rates "
        "eurofxref-hist.csv",
        "de": "Spalte {column}: kein Wechselkurs für {currency} am {day} (auch nicht in den "
        "{days} Tagen davor); zuerst die EZB-Referenzkurse importieren: bindung import "
        "exchange_rates eurofxref-hist.csv",
    },
    "rate_not_number": {
        "en": "column {column}: {value} is not an exchange rate; expected a number above 0 "
        "with a decimal point (1.0956) or N/A",
        "de": "Spalte {column}: {value} ist kein Wechselkurs; erwartet wird eine Zahl über 0 "
        "mit Dezimalpunkt (1.0956) oder N/A",
    },
    "rate_not_date": {
        "en": "column {column}: {value} is not a date; expected yyyy-mm-dd as the ECB writes it",
        "de": "Spalte {column}: {value} ist kein Datum; erwartet JJJJ-MM-TT wie in der EZB-Datei",
    },
    "rates_layout": {
        "en": "{file}: not an exchange-rate file as the ECB publishes it (eurofxref-hist.csv): "
        "expected a Date column and one column per currency code (USD, JPY, ...). "
        "Columns: {headers}",
        "de": "{file}: keine Wechselkursdatei, wie die EZB sie veröffentlicht "
        "(eurofxref-hist.csv): erwartet werden eine Spalte Date und eine Spalte je "
        "Währungscode (USD, JPY, ...). Spalten: {headers}",
    },
    "rates_note": {
        "en": "{currencies} currencies, {first} to {last}; {missing} cells N/A (no rate that day)",
        "de": "{currencies} Währungen, {first} bis {last}; {missing} Zellen N/A (kein Kurs an "
        "dem Tag)",
    },
    "status_excluded": {
        "en": "column {column}: status {value} is not a completed order; kept are: {values}",
        "de": "Spalte {column}: Status {value} ist keine abgeschlossene Bestellung; übernommen "
        "werden: {values}",
    },
    "status_unknown": {
        "en": "column {column}: status {value} is neither an order ({values}) nor a "
        "cancellation ({excluded}); whether it is an order cannot be decided: map the shop's "
        "own state to one of these before exporting, or leave the row out",
        "de": "Spalte {column}: Status {value} ist weder eine Bestellung ({values}) noch eine "
        "Stornierung ({excluded}); ob es eine Bestellung ist, lässt sich nicht entscheiden: den "
        "eigenen Status des Shops vor dem Export einem dieser Status zuordnen oder die Zeile "
        "weglassen",
    },
    "line_items_form": {
        "en": "column {column}: {value} is not a list of order lines '<quantity>x <product id>' "
        "joined by '|'; the number of items cannot be read",
        "de": "Spalte {column}: {value} ist keine Liste von Bestellpositionen "
        "'<Menge>x <Produkt-ID>', getrennt durch '|'; die Artikelzahl lässt sich nicht lesen",
    },
    "line_value": {
        "en": "line {line}, column {column}: {value} is not a whole number (quantity) or an "
        "amount (price, discount) of 0 or more; the order's lines cannot be stored",
        "de": "Zeile {line}, Spalte {column}: {value} ist keine ganze Zahl (Menge) bzw. kein "
        "Betrag (Preis, Rabatt) von 0 oder mehr; die Positionen der Bestellung lassen sich "
        "nicht speichern",
    },
    "status_only_id": {
        "en": "the file holds the order state only as an id ({column}): cancelled orders "
        "cannot be told apart and were imported as orders. Add the state's technical name "
        "to the export profile (field stateMachineState.technicalName, column order_state; "
        "docs/imports.md) and import the file again",
        "de": "die Datei enthält den Bestellstatus nur als ID ({column}): stornierte "
        "Bestellungen lassen sich nicht erkennen und wurden als Bestellungen übernommen. Den "
        "technischen Namen des Status im Exportprofil ergänzen (Feld "
        "stateMachineState.technicalName, Spalte order_state; docs/imports.md) und die Datei "
        "erneut importieren",
    },
    "shopware_no_refunds": {
        "en": "amount_total is the order's total before refunds (the export has no refunded "
        "amount): refunds are not subtracted from revenue",
        "de": "amount_total ist die Bestellsumme vor Erstattungen (der Export enthält keinen "
        "erstatteten Betrag): Erstattungen werden vom Umsatz nicht abgezogen",
    },
    "cancelled": {
        "en": "column {column}: the order was cancelled ({value}); a cancelled order is not "
        "stored as an order",
        "de": "Spalte {column}: die Bestellung wurde storniert ({value}); eine stornierte "
        "Bestellung wird nicht als Bestellung übernommen",
    },
    "refund_exceeds": {
        "en": "column {column}: refund {value} is larger than {total_column} {total}; "
        "expected a refund up to the order's amount",
        "de": "Spalte {column}: Erstattung {value} ist größer als {total_column} {total}; "
        "erwartet wird eine Erstattung bis zum Betrag der Bestellung",
    },
    "interval": {
        "en": "column {column}: {value} is not a price interval; expected one of {choices}",
        "de": "Spalte {column}: {value} ist kein Abrechnungsintervall; erwartet wird eines von "
        "{choices}",
    },
    "trial_only": {
        "en": "column {column}: the subscription ended ({ended}) before its trial ended "
        "({value}); it never paid and is not stored",
        "de": "Spalte {column}: das Abonnement endete ({ended}) vor dem Ende der Testphase "
        "({value}); es wurde nie bezahlt und wird nicht übernommen",
    },
    "whole_number": {
        "en": "column {column} ({field}): {value} is not a whole number of at least {minimum}",
        "de": "Spalte {column} ({field}): {value} ist keine ganze Zahl von mindestens {minimum}",
    },
    "lines_disagree": {
        "en": "record {key}: its lines hold different values in {columns}; which one is meant "
        "cannot be decided",
        "de": "Datensatz {key}: seine Zeilen haben verschiedene Werte in {columns}; welcher "
        "gemeint ist, lässt sich nicht entscheiden",
    },
    "duplicate_key": {
        "en": "key {key} appears again with different values (first on line {first})",
        "de": "Schlüssel {key} kommt erneut mit anderen Werten vor (zuerst in Zeile {first})",
    },
    "unknown_reference": {
        "en": "column {column} ({field}): {value} is not a known {target}; import {table} first",
        "de": "Spalte {column} ({field}): {value} ist kein bekanntes {target}; zuerst {table} "
        "importieren",
    },
    # -- summaries
    "summary": {
        "en": "{file} → {kind}: {read} read · {stored} stored · {rejected} rejected · "
        "{duplicates} duplicates skipped",
        "de": "{file} → {kind}: {read} gelesen · {stored} gespeichert · {rejected} abgelehnt · "
        "{duplicates} Duplikate übersprungen",
    },
    "summary_excluded": {
        "en": "{file} → {kind}: {read} read · {stored} stored · {rejected} rejected · "
        "{excluded} excluded ({why}) · {duplicates} duplicates skipped",
        "de": "{file} → {kind}: {read} gelesen · {stored} gespeichert · {rejected} abgelehnt · "
        "{excluded} ausgenommen ({why}) · {duplicates} Duplikate übersprungen",
    },
    "excluded_cancelled": {"en": "cancelled", "de": "storniert"},
    "excluded_status": {"en": "status {status}", "de": "Status {status}"},
    "excluded_trial": {
        "en": "ended during the trial",
        "de": "in der Testphase beendet",
    },
    "excluded_mark": {"en": "excluded", "de": "ausgenommen"},
    "excluded_note": {
        "en": "excluded rows are not orders; they are kept with their reason (bindung rejects "
        "--import {id}) and are no error",
        "de": "ausgenommene Zeilen sind keine Bestellungen; sie bleiben mit ihrem Grund erhalten "
        "(bindung rejects --import {id}) und sind kein Fehler",
    },
    "strict_refused": {
        "en": "{file}: refused (--strict): {rejected} of {read} rows are invalid; nothing stored",
        "de": "{file}: abgelehnt (--strict): {rejected} von {read} Zeilen sind ungültig; nichts "
        "gespeichert",
    },
    "header_only": {
        "en": "{file}: the file has a header but no rows",
        "de": "{file}: die Datei hat eine Kopfzeile, aber keine Zeilen",
    },
    "terminal_rows_first": {
        "en": "the first {shown} of {total} rows; all of them: --format csv --table {table} "
        "(or --format json, xlsx)",
        "de": "die ersten {shown} von {total} Zeilen; alle: --format csv --table {table} "
        "(oder --format json, xlsx)",
    },
    "terminal_rows_newest": {
        "en": "the newest {shown} of {total} rows; all of them: --format csv --table {table} "
        "(or --format json, xlsx)",
        "de": "die neuesten {shown} von {total} Zeilen; alle: --format csv --table {table} "
        "(oder --format json, xlsx)",
    },
    # -- the trade literature a formula, benchmark or claim comes from (SOURCES)
    "literature": {
        "en": "trade literature (source {source})",
        "de": "Fachliteratur (Quelle {source})",
    },
    "literature_benchmark": {
        "en": "benchmark from the trade literature (source {source})",
        "de": "Richtwert laut Fachliteratur (Quelle {source})",
    },
}

#: The German trade articles whose formulas, benchmarks and claims Bindung follows, by id
#: (DESIGN.md "Sources"); the product names them "source 000" / "Quelle 000", never otherwise.
SOURCES: dict[str, str] = {
    "000": "Social Media ROI von Kundenbindung",
    "001": "Einfluss von Social Media auf die Kundenbindung (2012)",
    "002": "Von Klicks zu Konversionen: Wie Sie online Kundenbindung fördern und Umsatz steigern",
    "003": "Kundenbindung: So binden Sie Kunden langfristig",
    "004": "Maßnahmen zur Kundenbindung – die fünf wichtigsten Antworten (2017)",
}


def t(key: str, lang: str = "en", **values: object) -> str:
    """The message ``key`` in ``lang`` (``de`` or ``en``), formatted with ``values``."""
    template = MESSAGES[key]["de" if lang == "de" else "en"]
    return template.format(**values) if values else template


def _source(source: str) -> str:
    if source not in SOURCES:
        raise KeyError(f"unknown source {source!r}; expected one of: {', '.join(SOURCES)}")
    return source


def literature(source: str, lang: str = "en") -> str:
    """The trade literature's source ``source`` by name, without article: "Fachliteratur
    (Quelle 003)" / "trade literature (source 003)" — the caller puts "der" / "the" before it
    ("Rat der …", "advice of the …")."""
    return t("literature", lang, source=_source(source))


def benchmark(source: str, lang: str = "en") -> str:
    """A benchmark's origin: "Richtwert laut Fachliteratur (Quelle 000)" / "benchmark from the
    trade literature (source 000)"; the value follows after a colon."""
    return t("literature_benchmark", lang, source=_source(source))
