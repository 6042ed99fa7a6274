<#
  wia-scan.ps1: headless WIA automation (wiaaut.dll, `WIA.DeviceManager`; never `WIA.CommonDialog`)
  for Scan Station, run by wia-driver.ts as
    powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File wia-scan.ps1 <mode> ...
  Modes: `list`; `caps <deviceId>`;
         `scan <deviceId> <outDir> <flatbed|feeder|duplex> <dpi> <color|gray|lineart> <startIndex> <png|tiff>`.
  Output, one event per stdout line (full description in parse-wia-output.ts and wia-capabilities.ts):
    DEVICE <id> <type> <manufacturer> <name> | CAP <key> <value>... | PAGE <n> <path>
    ERROR <0xHRESULT> <pages> <message> | END <pages>
  Text tokens are percent-encoded UTF-8 ([Uri]::EscapeDataString): pure ASCII whatever the code page.
  Exit code 0 after END, 1 after ERROR. A PAGE line names a whole file (written to .part, flushed, renamed).
  WIA facts used: WIA 2.0 drivers expose `Flatbed`/`Feeder` child items (the feeder item carries
  3088/3096); WIA 1.0 keeps 3086-3096 on the device. 3088 DOCUMENT_HANDLING_SELECT FEEDER 0x1,
  FLATBED 0x2, DUPLEX 0x4, FRONT_ONLY 0x20; 3096 PAGES 0 = all (1 when a driver refuses 0); intent
  6146 (1 colour, 2 grey, 4 text) set first, as it resets data type 4103 (3, 2, 0), depth 4104 and
  resolution 6147/6148. Transfer() runs until it throws: 0x80210003 paper empty ends the batch.
  Some WIA 1.0 drivers scan the glass when the feeder is empty, so the feeder status (3087 FEED_READY)
  is checked before each page there. Pages come as BMP (all drivers) and WIA.ImageProcess converts them.
#>
param(
  [Parameter(Position = 0)][string]$Mode = '',
  [Parameter(Position = 1)][string]$DeviceId = '',
  [Parameter(Position = 2)][string]$OutDir = '',
  [Parameter(Position = 3)][string]$Source = 'feeder',
  [Parameter(Position = 4)][string]$Dpi = '300',
  [Parameter(Position = 5)][string]$ColorMode = 'gray',
  [Parameter(Position = 6)][string]$StartIndex = '1',
  [Parameter(Position = 7)][string]$Format = 'png'
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

. (Join-Path $PSScriptRoot 'wia-common.ps1')

function Invoke-List {
  $manager = New-Object -ComObject WIA.DeviceManager
  foreach ($info in $manager.DeviceInfos) {
    $props = $info.Properties
    Out-Line ('DEVICE {0} {1} {2} {3}' -f (Enc $info.DeviceID), (Enc $info.Type), (Enc (Get-PropValue $props 3)), (Enc (Get-PropValue $props 7)))
  }
  Out-Line 'END 0'
}

function Out-Cap([string]$Key, [string]$Fields) {
  if ($null -ne $Fields -and $Fields -ne '') { Out-Line ('CAP {0} {1}' -f $Key, $Fields) }
}

function Invoke-Caps {
  $device = Connect-Device $DeviceId
  $props = $device.Properties
  $feeder = Find-Item $device 'Feeder' $CATEGORY_FEEDER
  $scanItem = if ($null -ne $feeder) { $feeder } else { First-Item $device }
  $itemProps = if ($null -ne $scanItem) { $scanItem.Properties } else { $null }
  $sets = @($itemProps, $props)

  $version = Get-PropValue $props 14
  if ($null -ne $version) { Out-Cap 'wia-version' (Enc $version) }
  foreach ($item in $device.Items) { Out-Line ('CAP item {0}' -f (Enc (Get-ItemName $item))) }
  foreach ($pair in @(@('handling-capabilities', 3086), @('handling-status', 3087))) {
    foreach ($set in $sets) {
      $v = Get-PropValue $set $pair[1]
      if ($null -ne $v) { Out-Cap $pair[0] ([string][int]$v); break }
    }
  }
  foreach ($set in $sets) {
    $select = Find-Prop $set 3088
    if ($null -ne $select) { Out-Cap 'handling-select' ((Get-ValidValues $select) -replace '^(list|range) ', ''); break }
  }
  Out-Cap 'x-resolution' (Get-ValidValues (Find-Prop $itemProps 6147))
  Out-Cap 'y-resolution' (Get-ValidValues (Find-Prop $itemProps 6148))
  Out-Cap 'intents' ((Get-ValidValues (Find-Prop $itemProps 6146)) -replace '^list ', '')
  Out-Cap 'datatypes' ((Get-ValidValues (Find-Prop $itemProps 4103)) -replace '^list ', '')
  foreach ($pair in @(@('bed-size', 3074, 3075), @('bed-size', 6165, 6166), @('feeder-size', 3076, 3077))) {
    $w = Get-PropValue $props $pair[1]
    $h = Get-PropValue $props $pair[2]
    if ($null -eq $w) { $w = Get-PropValue $itemProps $pair[1]; $h = Get-PropValue $itemProps $pair[2] }
    if ($null -ne $w -and $null -ne $h) { Out-Cap $pair[0] ('{0} {1}' -f [int]$w, [int]$h) }
  }
  Out-Line 'END 0'
}

function Convert-Page($Image, [string]$FormatId) {
  if ($Image.FormatID -eq $FormatId) { return $Image }
  $process = New-Object -ComObject WIA.ImageProcess
  $process.Filters.Add($process.FilterInfos.Item('Convert').FilterID)
  $process.Filters.Item(1).Properties.Item('FormatID').Value = $FormatId
  if ($FormatId -eq $FORMAT_TIFF) {
    $compression = if ($ColorMode -eq 'lineart') { 'CCITT4' } else { 'LZW' }
    try { $process.Filters.Item(1).Properties.Item('Compression').Value = $compression } catch { }
  }
  return $process.Apply($Image)
}

# Writes <path>.part, flushes it to disk, then renames it: a PAGE line always names a whole file.
function Save-Page($Image, [string]$Path) {
  [byte[]]$bytes = $Image.FileData.BinaryData
  $part = $Path + '.part'
  $stream = [System.IO.File]::Open($part, [System.IO.FileMode]::Create, [System.IO.FileAccess]::Write, [System.IO.FileShare]::None)
  try {
    $stream.Write($bytes, 0, $bytes.Length)
    $stream.Flush($true)
  } finally {
    $stream.Dispose()
  }
  [System.IO.File]::Move($part, $Path)
}

function Set-ColorAndResolution([object[]]$Sets) {
  $intent, $dataType, $depth = switch ($ColorMode) {
    'color' { 1, 3, 24 }
    'gray' { 2, 2, 8 }
    'lineart' { 4, 0, 1 }
  }
  try { [void](Set-Prop $Sets 6146 $intent) } catch { }
  [void](Set-Prop $Sets 4103 $dataType)
  try { [void](Set-Prop $Sets 4104 $depth) } catch { }
  if (-not (Set-Prop $Sets 6147 $script:dpiValue)) { Stop-WithError $HR_INVALID_ARG 'no resolution property' }
  [void](Set-Prop $Sets 6148 $script:dpiValue)
}

function Invoke-Scan {
  if (@('flatbed', 'feeder', 'duplex') -notcontains $Source) { Stop-WithError $HR_INVALID_ARG "bad source $Source" }
  if (@('color', 'gray', 'lineart') -notcontains $ColorMode) { Stop-WithError $HR_INVALID_ARG "bad mode $ColorMode" }
  if (@('png', 'tiff') -notcontains $Format) { Stop-WithError $HR_INVALID_ARG "bad format $Format" }
  $script:dpiValue = 0
  $index = 0
  if (-not [int]::TryParse($Dpi, [ref]$script:dpiValue) -or $script:dpiValue -lt 50) { Stop-WithError $HR_INVALID_ARG "bad dpi $Dpi" }
  if (-not [int]::TryParse($StartIndex, [ref]$index) -or $index -lt 1) { Stop-WithError $HR_INVALID_ARG "bad start index $StartIndex" }
  if ($OutDir -eq '' -or -not [System.IO.Directory]::Exists($OutDir)) { Stop-WithError $HR_INVALID_ARG "output folder missing: $OutDir" }
  $formatId = if ($Format -eq 'tiff') { $FORMAT_TIFF } else { $FORMAT_PNG }
  $extension = if ($Format -eq 'tiff') { 'tif' } else { 'png' }

  $device = Connect-Device $DeviceId
  $props = $device.Properties
  $feederItem = Find-Item $device 'Feeder' $CATEGORY_FEEDER
  $wia2 = $null -ne $feederItem
  $useFeeder = $Source -ne 'flatbed'

  if ($useFeeder) {
    $item = if ($wia2) { $feederItem } else { First-Item $device }
    $sets = @($item.Properties, $props)
    $handling = Get-PropValue $props 3086
    if (-not $wia2 -and ($null -eq $handling -or ([int]$handling -band 1) -eq 0)) {
      Stop-WithError $HR_INVALID_ARG 'device has no document feeder'
    }
    $select = if ($Source -eq 'duplex') { 0x1 -bor 0x4 } else { 0x1 }
    if ($Source -eq 'feeder') {
      try { [void](Set-Prop $sets 3088 (0x1 -bor 0x20)) } catch { [void](Set-Prop $sets 3088 0x1) }
    } elseif (-not (Set-Prop $sets 3088 $select)) {
      Stop-WithError $HR_INVALID_ARG 'device cannot select the duplex feeder'
    }
    try { [void](Set-Prop $sets 3096 0) } catch { [void](Set-Prop $sets 3096 1) }
  } else {
    $item = Find-Item $device 'Flatbed' $CATEGORY_FLATBED
    if ($null -eq $item) { $item = First-Item $device }
    $sets = @($item.Properties, $props)
    if (-not $wia2 -and $null -ne (Find-Prop $props 3088)) { [void](Set-Prop $sets 3088 0x2) }
  }
  if ($null -eq $item) { Stop-WithError $HR_NO_DEVICE 'device has no scan item' }
  Set-ColorAndResolution $sets

  while ($true) {
    if ($useFeeder -and -not $wia2) {
      $status = Get-PropValue $props 3087
      if ($null -ne $status -and ([int]$status -band 1) -eq 0) { break }
    }
    try {
      $image = $item.Transfer($FORMAT_BMP)
    } catch {
      $hex = Format-HResult (Get-HResult $_.Exception)
      if ($hex -eq $HR_PAPER_EMPTY -and $script:pages -gt 0) { break }
      Stop-WithError $hex $_.Exception.Message
    }
    if ($null -eq $image) { break }
    $path = Join-Path $OutDir ('page-{0:D5}.{1}' -f $index, $extension)
    $converted = Convert-Page $image $formatId
    Save-Page $converted $path
    [void][System.Runtime.InteropServices.Marshal]::ReleaseComObject($image)
    $script:pages++
    Out-Line ('PAGE {0} {1}' -f $index, (Enc $path))
    $index++
    if (-not $useFeeder) { break }
  }
  if ($script:pages -eq 0) { Stop-WithError $HR_PAPER_EMPTY 'no page in the feeder' }
  Out-Line ('END {0}' -f $script:pages)
}

try {
  switch ($Mode) {
    'list' { Invoke-List }
    'caps' { Invoke-Caps }
    'scan' { Invoke-Scan }
    default { Stop-WithError $HR_INVALID_ARG "unknown mode '$Mode' (list, caps, scan)" }
  }
  exit 0
} catch {
  Stop-WithError (Format-HResult (Get-HResult $_.Exception)) $_.Exception.Message
}
